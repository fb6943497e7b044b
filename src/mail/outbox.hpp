#pragma once
// The Mailer behind make_mailer: send() renders the message and queues it; one background
// thread hands the queue to the transport in order. A failure the transport calls retryable is
// tried again after an exponential back-off (first_retry, doubling, capped at max_retry) up to
// max_attempts; each failure is logged without the link or token and with the address
// redacted, and giving up is an error line. A full queue refuses the message with an error
// line instead of blocking the request thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "mail/mailer.hpp"
#include "mail/templates.hpp"
#include "mail/transport.hpp"

namespace atrium::mail {

struct OutboxOptions {
  std::size_t capacity = 1000;
  // 2 s, 4 s, 8 s, 16 s, 32 s, 60 s: about two minutes before giving up.
  int max_attempts = 7;
  std::chrono::milliseconds first_retry{2000};
  std::chrono::milliseconds max_retry{60000};
  // How long the destructor lets the queue drain before it stops the thread.
  std::chrono::milliseconds shutdown_flush{2000};
};

// The wait before attempt `attempt` + 1 after `attempt` failed (attempt counts from 1).
std::chrono::milliseconds retry_delay(const OutboxOptions& options, int attempt);

struct OutboxStats {
  std::size_t delivered = 0;
  std::size_t failed = 0;           // given up after the last attempt, or refused as permanent
  std::size_t refused = 0;          // not queued: the queue was full, or the message was malformed
  std::size_t failed_attempts = 0;  // deliveries the transport refused, retried or not
};

class Outbox final : public Mailer {
 public:
  Outbox(std::unique_ptr<Transport> transport, Templates templates, std::string from,
         OutboxOptions options = {}, const Clock& clock = system_clock(),
         RandomSource& random = system_random());
  ~Outbox() override;

  void send(MailRequest request) override;
  bool flush(std::chrono::milliseconds deadline) override;

  OutboxStats stats() const;

 private:
  void run();
  void deliver_with_retries(const Message& message);

  std::unique_ptr<Transport> transport_;
  Templates templates_;
  std::string from_;
  OutboxOptions options_;
  const Clock& clock_;
  RandomSource& random_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // work queued, or stopping
  std::condition_variable drained_;  // the queue became empty
  std::deque<Message> queue_;        // the front is in delivery until popped
  bool stopping_ = false;
  OutboxStats stats_;
  std::thread worker_;
};

}  // namespace atrium::mail
