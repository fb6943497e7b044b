#include "mail/outbox.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "log_capture.hpp"
#include "mail/mail_error.hpp"

namespace atrium::mail {
namespace {

using namespace std::chrono_literals;

// The outbox's collaborator: fails the first `failures` attempts of each message (retryable
// or not), records what it was handed, and can be held closed to fill the queue.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(int failures = 0, bool retryable = true)
      : failures_(failures), retryable_(retryable) {}

  void deliver(const Message& message) override {
    std::unique_lock lock(mutex_);
    ++attempts_;
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    if (failed_for_current_ < failures_) {
      ++failed_for_current_;
      throw MailError(retryable_, "scripted failure");
    }
    failed_for_current_ = 0;
    delivered_.push_back(message);
  }

  void hold() {
    std::lock_guard lock(mutex_);
    open_ = false;
  }
  void release() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool wait_entered() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 30s, [this] { return entered_; });
  }
  int attempts() {
    std::lock_guard lock(mutex_);
    return attempts_;
  }
  std::vector<Message> delivered() {
    std::lock_guard lock(mutex_);
    return delivered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int failures_;
  bool retryable_;
  int failed_for_current_ = 0;
  int attempts_ = 0;
  bool entered_ = false;
  bool open_ = true;
  std::vector<Message> delivered_;
};

MailRequest request(const std::string& to, MailKind kind = MailKind::verify_email) {
  MailRequest r;
  r.kind = kind;
  r.to = to;
  r.url = "https://app.example/verify?token=secret-token";
  r.token = "secret-token";
  return r;
}

OutboxOptions fast(int max_attempts = 5) {
  OutboxOptions o;
  o.max_attempts = max_attempts;
  o.first_retry = 1ms;
  o.max_retry = 4ms;
  return o;
}

struct Fixture {
  ScriptedTransport* transport;
  std::unique_ptr<Outbox> outbox;
  Fixture(std::unique_ptr<ScriptedTransport> t, OutboxOptions options) : transport(t.get()) {
    outbox = std::make_unique<Outbox>(std::move(t), Templates(), "atrium <no-reply@example.com>",
                                      options);
  }
};

TEST(Outbox, BackOffDoublesUpToTheCap) {
  OutboxOptions o;
  o.first_retry = 1000ms;
  o.max_retry = 5000ms;
  EXPECT_EQ(retry_delay(o, 1), 1000ms);
  EXPECT_EQ(retry_delay(o, 2), 2000ms);
  EXPECT_EQ(retry_delay(o, 3), 4000ms);
  EXPECT_EQ(retry_delay(o, 4), 5000ms);
  EXPECT_EQ(retry_delay(o, 40), 5000ms);
  const OutboxOptions defaults;
  std::chrono::milliseconds total{0};
  for (int a = 1; a < defaults.max_attempts; ++a) total += retry_delay(defaults, a);
  // The default gives a server a couple of minutes to come back, not hours.
  EXPECT_GE(total, 60s);
  EXPECT_LE(total, 5min);
}

TEST(Outbox, DeliversRenderedMessagesInOrder) {
  Fixture f(std::make_unique<ScriptedTransport>(), fast());
  for (int i = 0; i < 10; ++i) f.outbox->send(request("u" + std::to_string(i) + "@example.com"));
  ASSERT_TRUE(f.outbox->flush(30s));
  const auto got = f.transport->delivered();
  ASSERT_EQ(got.size(), 10u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(got[i].to, "u" + std::to_string(i) + "@example.com");
    EXPECT_EQ(got[i].from, "atrium <no-reply@example.com>");
    EXPECT_EQ(got[i].kind, "verify-email");
    EXPECT_NE(got[i].text.find("https://app.example/verify?token=secret-token"), std::string::npos);
  }
  EXPECT_EQ(f.outbox->stats().delivered, 10u);
}

TEST(Outbox, RetriesARetryableFailureUntilItPasses) {
  Fixture f(std::make_unique<ScriptedTransport>(3), fast(5));
  f.outbox->send(request("a@example.com"));
  f.outbox->send(request("b@example.com"));
  ASSERT_TRUE(f.outbox->flush(30s));
  const auto got = f.transport->delivered();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].to, "a@example.com");
  EXPECT_EQ(got[1].to, "b@example.com");
  EXPECT_EQ(f.transport->attempts(), 8);
  // The same message each time: a retry resends, it does not re-render.
  EXPECT_NE(got[0].message_id, got[1].message_id);
  EXPECT_EQ(f.outbox->stats().delivered, 2u);
  EXPECT_EQ(f.outbox->stats().failed, 0u);
}

TEST(Outbox, GivesUpAfterTheLastAttemptAndGoesOn) {
  Fixture f(std::make_unique<ScriptedTransport>(1000), fast(4));
  f.outbox->send(request("a@example.com"));
  f.outbox->send(request("b@example.com"));
  ASSERT_TRUE(f.outbox->flush(30s));
  EXPECT_EQ(f.transport->attempts(), 8);
  EXPECT_TRUE(f.transport->delivered().empty());
  EXPECT_EQ(f.outbox->stats().failed, 2u);
}

// Retries, giving up and refusals are logged with the kind and a redacted address: never the
// link, the token or the whole address.
TEST(Outbox, FailureLogsCarryNoLinkTokenOrAddress) {
  test::LogCapture log;
  {
    auto options = fast(3);
    options.capacity = 1;
    Fixture f(std::make_unique<ScriptedTransport>(1000), options);
    f.transport->hold();
    f.outbox->send(request("someone@example.com"));
    ASSERT_TRUE(f.transport->wait_entered());
    f.outbox->send(request("overflow@example.com"));  // the queue is full
    f.outbox->send(request("bad@example.com\nBcc: x@example.net"));
    f.transport->release();
    ASSERT_TRUE(f.outbox->flush(30s));
    EXPECT_EQ(f.outbox->stats().failed, 1u);
    EXPECT_EQ(f.outbox->stats().failed_attempts, 3u);
  }
  const auto text = log.text();
  EXPECT_NE(text.find("[warning] mail: verify-email to s***@example.com failed (attempt 1 of 3)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[error] mail: giving up on verify-email to s***@example.com after 3"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("[error] mail: the outbox is full"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret-token"), std::string::npos) << text;
  EXPECT_EQ(text.find("https://"), std::string::npos) << text;
  EXPECT_EQ(text.find("someone@"), std::string::npos) << text;
  EXPECT_EQ(text.find("overflow@"), std::string::npos) << text;
}

TEST(Outbox, PermanentFailureIsNotRetried) {
  Fixture f(std::make_unique<ScriptedTransport>(1, false), fast(5));
  f.outbox->send(request("a@example.com"));
  ASSERT_TRUE(f.outbox->flush(30s));
  EXPECT_EQ(f.transport->attempts(), 1);
  EXPECT_EQ(f.outbox->stats().failed, 1u);
}

TEST(Outbox, FullQueueRefusesWithoutBlocking) {
  auto options = fast();
  options.capacity = 3;
  Fixture f(std::make_unique<ScriptedTransport>(), options);
  f.transport->hold();
  f.outbox->send(request("first@example.com"));
  ASSERT_TRUE(f.transport->wait_entered());
  // The first is in delivery and still counts; two more fit, the rest are refused at once.
  for (int i = 0; i < 6; ++i) f.outbox->send(request("q" + std::to_string(i) + "@example.com"));
  EXPECT_FALSE(f.outbox->flush(1ms));
  EXPECT_EQ(f.outbox->stats().refused, 4u);
  f.transport->release();
  ASSERT_TRUE(f.outbox->flush(30s));
  const auto got = f.transport->delivered();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].to, "first@example.com");
  EXPECT_EQ(got[1].to, "q0@example.com");
  EXPECT_EQ(got[2].to, "q1@example.com");
}

TEST(Outbox, MalformedRequestIsRefusedNotThrown) {
  Fixture f(std::make_unique<ScriptedTransport>(), fast());
  EXPECT_NO_THROW(f.outbox->send(request("a@example.com\r\nBcc: victim@example.net")));
  EXPECT_NO_THROW(f.outbox->send(request("")));
  f.outbox->send(request("ok@example.com"));
  ASSERT_TRUE(f.outbox->flush(30s));
  ASSERT_EQ(f.transport->delivered().size(), 1u);
  EXPECT_EQ(f.outbox->stats().refused, 2u);
}

TEST(Outbox, FlushOnAnEmptyQueueIsTrue) {
  Fixture f(std::make_unique<ScriptedTransport>(), fast());
  EXPECT_TRUE(f.outbox->flush(0ms));
}

// Outlives the outbox that owns the transport, so a test can look after the destructor ran.
struct Record {
  std::mutex mutex;
  std::vector<std::string> delivered;
  int attempts = 0;
};

class RecordingTransport final : public Transport {
 public:
  RecordingTransport(std::shared_ptr<Record> record, int failures)
      : record_(std::move(record)), failures_(failures) {}
  void deliver(const Message& message) override {
    std::lock_guard lock(record_->mutex);
    ++record_->attempts;
    if (failures_-- > 0) throw MailError(true, "down");
    record_->delivered.push_back(message.to);
  }

 private:
  std::shared_ptr<Record> record_;
  int failures_;
};

TEST(Outbox, DestructorDeliversWhatIsQueued) {
  auto record = std::make_shared<Record>();
  auto options = fast(5);
  options.shutdown_flush = 60s;
  {
    Outbox outbox(std::make_unique<RecordingTransport>(record, 2), Templates(),
                  "no-reply@example.com", options);
    for (int i = 0; i < 3; ++i) outbox.send(request("d" + std::to_string(i) + "@example.com"));
  }
  EXPECT_EQ(record->delivered,
            (std::vector<std::string>{"d0@example.com", "d1@example.com", "d2@example.com"}));
  EXPECT_EQ(record->attempts, 5);
}

// A message waiting out a long back-off does not hold up shutdown: the destructor's brief
// flush ends, and stopping cuts the wait short.
TEST(Outbox, DestructorInterruptsABackOff) {
  auto record = std::make_shared<Record>();
  OutboxOptions options;
  options.max_attempts = 5;
  options.first_retry = std::chrono::hours(1);
  options.max_retry = std::chrono::hours(1);
  options.shutdown_flush = 10ms;
  {
    Outbox outbox(std::make_unique<RecordingTransport>(record, 1000), Templates(),
                  "no-reply@example.com", options);
    outbox.send(request("late@example.com"));
    outbox.send(request("later@example.com"));
    // Leave only once the first attempt has failed and the back-off has begun.
    for (int i = 0; i < 30000; ++i) {
      {
        std::lock_guard lock(record->mutex);
        if (record->attempts > 0) break;
      }
      std::this_thread::sleep_for(1ms);
    }
  }
  EXPECT_TRUE(record->delivered.empty());
  // Stopped during the first back-off: one attempt, the second message never tried.
  EXPECT_EQ(record->attempts, 1);
}

}  // namespace
}  // namespace atrium::mail
