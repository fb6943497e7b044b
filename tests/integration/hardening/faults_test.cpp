// Faults against the real `atrium serve` binary (issue 7): SIGKILL under write load, SIGTERM
// with requests in flight, the database going away under load, a slowloris and a sign-in
// flood. Waits are bounded (the HTTP client's own timeouts, generous deadlines) so a server
// that hangs fails the test instead of stalling the suite; nothing asserts on durations.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "integration/hardening/running_atrium.hpp"
#include "support/scratch_database.hpp"

namespace atrium::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t count_rows(db::Database& database, const std::string& sql,
                        std::initializer_list<db::Value> params = {}) {
  auto conn = database.acquire();
  return conn->query(sql, params)[0].integer(0);
}

// Signs up and starts a chat session; returns {token, session_id}.
std::pair<std::string, std::string> user_with_chat(HttpClient& client, const std::string& email) {
  const auto up =
      client.post_json("/api/auth/sign-up/email", sign_up_body(email, "correct horse battery"));
  EXPECT_EQ(up.status, 200) << up.body;
  const auto token = token_of(up);
  const auto chat = client.post_json("/api/chat/sessions", "{}", bearer(token));
  EXPECT_EQ(chat.status, 201) << chat.body;
  return {token, string_field(chat, "session_id")};
}

// What concurrent writers were told: every acknowledged sign-up and message.
struct Acknowledged {
  std::mutex mutex;
  std::vector<std::string> emails;
  std::vector<std::string> message_ids;
  std::atomic<int> count{0};
};

TEST(Faults, SigkillUnderWriteLoadLosesNoAcknowledgedWrite) {
  ScratchDatabase scratch;
  RunningAtrium atrium(scratch.url(), scratch.through_pooler(), "sigkill");
  ASSERT_NO_FATAL_FAILURE(atrium.upgrade());
  ASSERT_NO_FATAL_FAILURE(atrium.start());

  Acknowledged acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      try {
        HttpClient client(atrium.port());
        const auto [token, chat] =
            user_with_chat(client, "kill-owner-" + std::to_string(w) + "@example.com");
        for (int i = 0; !stop; ++i) {
          const std::string email =
              "kill-" + std::to_string(w) + "-" + std::to_string(i) + "@example.com";
          const auto up =
              client.post_json("/api/auth/sign-up/email", sign_up_body(email, "pw-12345678"));
          if (up.status == 200) {
            std::lock_guard lock(acked.mutex);
            acked.emails.push_back(email);
          }
          for (int m = 0; m < 3; ++m) {
            const auto msg = client.post_json("/api/chat/sessions/" + chat + "/messages",
                                              message_body("m" + std::to_string(i)), bearer(token));
            if (msg.status == 201) {
              std::lock_guard lock(acked.mutex);
              acked.message_ids.push_back(string_field(msg, "message_id"));
            }
          }
          ++acked.count;
        }
      } catch (const std::exception&) {
        // The connection died with the server: whatever was not answered was not promised.
      }
    });
  }
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while (acked.count < 40 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  atrium.kill();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GE(acked.count, 40) << atrium.stderr_text();

  // Restarted on the same database, it serves what it acknowledged.
  ASSERT_NO_FATAL_FAILURE(atrium.start());
  auto database = scratch.open();
  for (const auto& email : acked.emails) {
    EXPECT_EQ(count_rows(*database,
                         R"(SELECT COUNT(*) FROM "user" u JOIN account a ON a."userId" = u.id )"
                         R"(WHERE u.email = $1 AND a."providerId" = 'credential')",
                         {email}),
              1)
        << email;
  }
  for (const auto& id : acked.message_ids) {
    EXPECT_EQ(
        count_rows(*database, "SELECT COUNT(*) FROM chat_messages WHERE message_id = $1", {id}), 1)
        << id;
  }
  // Nothing half-written: every user has its credential account and its profile.
  EXPECT_EQ(count_rows(*database, R"(SELECT COUNT(*) FROM "user" u WHERE NOT EXISTS )"
                                  R"((SELECT 1 FROM account a WHERE a."userId" = u.id))"),
            0);
  EXPECT_EQ(count_rows(*database, R"(SELECT COUNT(*) FROM "user" u WHERE NOT EXISTS )"
                                  "(SELECT 1 FROM user_profiles p WHERE p.user_id = u.id)"),
            0);
  HttpClient client(atrium.port());
  const auto in =
      client.post_json("/api/auth/sign-in/email",
                       boost::json::serialize(boost::json::object{{"email", acked.emails.front()},
                                                                  {"password", "pw-12345678"}}));
  EXPECT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(atrium.terminate().exit_code, 0);
}

TEST(Faults, SigtermFinishesRequestsInFlightAndFlushesMetrics) {
  ScratchDatabase scratch;
  RunningAtrium atrium(scratch.url(), scratch.through_pooler(), "sigterm");
  ASSERT_NO_FATAL_FAILURE(atrium.upgrade());
  ASSERT_NO_FATAL_FAILURE(atrium.start());

  // Each connection carries a quick request and, in the same write, a sign-up (a full scrypt
  // behind it). Once the quick answer is back the sign-up is already in the server's buffer:
  // in flight, not an idle connection the stop may close.
  constexpr int kConnections = 6;
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < kConnections; ++i) {
    connections.push_back(std::make_unique<RawConnection>(atrium.port()));
    const std::string email = "term-" + std::to_string(i) + "@example.com";
    ASSERT_TRUE(connections.back()->send(format_request("GET", "/api/auth/ok") +
                                         format_request("POST", "/api/auth/sign-up/email",
                                                        sign_up_body(email, "pw-12345678"),
                                                        {{"Content-Type", "application/json"}})));
  }
  for (auto& c : connections) {
    const auto ok = c->read_reply();
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->status, 200);
  }
  const pid_t pid = atrium.pid();
  ::kill(pid, SIGTERM);
  for (auto& c : connections) {
    const auto up = c->read_reply(false, std::chrono::seconds(60));
    ASSERT_TRUE(up.has_value()) << "an in-flight request was dropped";
    EXPECT_EQ(up->status, 200) << up->body;
    EXPECT_FALSE(token_of(*up).empty());
    EXPECT_EQ(up->header("Connection").value_or(""), "close");
  }
  const auto ended = atrium.terminate();  // already signalled: waits for the exit
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  EXPECT_EQ(ended.signal, 0);

  auto database = scratch.open();
  EXPECT_EQ(count_rows(*database, R"(SELECT COUNT(*) FROM "user")"), kConnections);
  // The metrics buffer was written on the way out: both requests of every connection.
  EXPECT_EQ(
      count_rows(*database,
                 "SELECT COUNT(*) FROM api_metrics WHERE endpoint = '/api/auth/sign-up/email'"),
      kConnections);
  EXPECT_EQ(
      count_rows(*database, "SELECT COUNT(*) FROM api_metrics WHERE endpoint = '/api/auth/ok'"),
      kConnections);
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A PostgreSQL of the test's own that it can stop and start: the shared test cluster must
// stay up for everyone else. As root the server runs as postgres, as with-test-postgres does.
class OwnPostgres {
 public:
  OwnPostgres()
      : dir_("/tmp/atrium-hardening-pg-" + std::to_string(::getpid())), port_(free_port()) {
    const char* bin = std::getenv("ATRIUM_TEST_PG_BIN");
    bin_ = bin != nullptr ? bin : "/usr/lib/postgresql/15/bin";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (::getuid() == 0) {
      ok_ = run_process({"/usr/bin/chown", "postgres", dir_}).exit_code == 0;
    }
    const auto init = run_as_owner({bin_ + "/initdb", "-D", dir_ + "/data", "-A", "trust", "-U",
                                    "postgres", "-E", "UTF8", "--locale=C", "--no-sync"});
    ok_ = ok_ && init.exit_code == 0;
    error_ = init.err;
  }
  ~OwnPostgres() {
    (void)run_as_owner({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool initialised() const { return ok_; }
  const std::string& error() const { return error_; }

  bool start() {
    const auto r = run_as_owner(
        {bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/log", "-w", "-t", "60", "-o",
         "-p " + std::to_string(port_) + " -k " + dir_ + " -c listen_addresses=127.0.0.1",
         "start"});
    error_ = r.out + r.err;
    return r.exit_code == 0;
  }
  // Like a crash: no shutdown checkpoint, clients cut off at once.
  bool stop_immediate() {
    const auto r =
        run_as_owner({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
    return r.exit_code == 0;
  }
  std::string url() const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
  }

 private:
  std::vector<std::string> as_owner(std::vector<std::string> argv) const {
    if (::getuid() != 0) return argv;
    argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    return argv;
  }
  ProcessResult run_as_owner(std::vector<std::string> argv) const {
    return run_process(as_owner(std::move(argv)), {}, dir_);
  }
  std::string dir_;
  std::uint16_t port_;
  std::string bin_;
  bool ok_ = true;
  std::string error_;
};

// Appends messages and reads the session from several clients until told to stop, keeping
// what was acknowledged and how every other request was answered.
struct Load {
  Load(std::uint16_t port, std::string token, std::string chat)
      : port_(port), token_(std::move(token)), chat_(std::move(chat)) {}

  void start(int clients) {
    for (int c = 0; c < clients; ++c) {
      threads_.emplace_back([this, c] {
        HttpClient client(port_);
        for (int i = 0; !stop_; ++i) {
          try {
            const auto msg = client.post_json(
                "/api/chat/sessions/" + chat_ + "/messages",
                message_body("load " + std::to_string(c) + "/" + std::to_string(i)),
                bearer(token_));
            note(msg, true);
            if (msg.status == 201) {
              std::lock_guard lock(mutex_);
              message_ids.push_back(string_field(msg, "message_id"));
            }
            note(client.get("/api/auth/get-session", bearer(token_)), false);
          } catch (const std::exception& e) {
            ++unanswered;  // no complete answer within the client's timeout
            std::lock_guard lock(mutex_);
            odd.push_back(std::string("no answer: ") + e.what());
          }
        }
      });
    }
  }

  ~Load() { finish(); }

  void finish() {
    stop_ = true;
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  void note(const HttpReply& reply, bool write) {
    if (reply.status >= 200 && reply.status < 300) {
      ++(write ? writes_ok : reads_ok);
    } else if (reply.status == 503 && has_error_shape(reply)) {
      ++(write ? writes_unavailable : reads_unavailable);
    } else {
      std::lock_guard lock(mutex_);
      odd.push_back(std::to_string(reply.status) + " " + reply.body.substr(0, 200));
    }
  }

  std::uint16_t port_;
  std::string token_;
  std::string chat_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<std::string> message_ids;
  std::vector<std::string> odd;  // anything but 2xx or a 503 with the error shape
  std::atomic<int> writes_ok{0}, reads_ok{0}, writes_unavailable{0}, reads_unavailable{0},
      unanswered{0};
};

// Waits (bounded) until `done` holds.
template <typename F>
bool eventually(F done, std::chrono::seconds limit = std::chrono::seconds(90)) {
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// PostgreSQL: the test's own cluster is stopped like a crash under load and started again.
// SQLite has no server to stop; its equivalent outage is another process holding the
// database's write lock, which atrium must wait out within its busy timeout and answer 503.
TEST(Faults, DatabaseOutageUnderLoadAnswers503ThenRecoversLosingNothing) {
  const bool postgres = current_backend() != Backend::sqlite;
  std::unique_ptr<OwnPostgres> pg;
  std::unique_ptr<ScratchDatabase> scratch;
  std::string url;
  if (postgres) {
    pg = std::make_unique<OwnPostgres>();
    ASSERT_TRUE(pg->initialised()) << pg->error();
    ASSERT_TRUE(pg->start()) << pg->error();
    url = pg->url();
  } else {
    scratch = std::make_unique<ScratchDatabase>();
    url = scratch->url();
  }
  RunningAtrium atrium(url, false, "outage");
  ASSERT_NO_FATAL_FAILURE(atrium.upgrade());
  ASSERT_NO_FATAL_FAILURE(atrium.start());
  HttpClient setup(atrium.port());
  const auto [token, chat] = user_with_chat(setup, "outage@example.com");

  Load load(atrium.port(), token, chat);
  load.start(3);
  ASSERT_TRUE(eventually([&] { return load.writes_ok >= 20; }));

  std::unique_ptr<db::Database> blocker;
  std::optional<db::Lease> lock;
  if (postgres) {
    ASSERT_TRUE(pg->stop_immediate());
  } else {
    blocker = scratch->open();
    lock.emplace(blocker->acquire());
    (*lock)->execute("BEGIN EXCLUSIVE");
  }
  const int ok_before = load.writes_ok;
  const bool saw_outage = eventually(
      [&] { return load.writes_unavailable >= 3 && (!postgres || load.reads_unavailable >= 3); });
  if (postgres) {
    ASSERT_TRUE(pg->start()) << pg->error();
  } else {
    (*lock)->execute("ROLLBACK");
    lock.reset();
  }
  const int ok_during = load.writes_ok - ok_before;
  // Recovers by itself: new writes and reads succeed again on the same process.
  const int unavailable_after_outage = load.writes_unavailable;
  const bool recovered =
      eventually([&] { return load.writes_ok >= ok_before + ok_during + 20 && load.reads_ok > 0; });
  load.finish();

  EXPECT_TRUE(saw_outage) << "writes 503: " << load.writes_unavailable
                          << ", reads 503: " << load.reads_unavailable;
  EXPECT_TRUE(recovered) << atrium.stderr_text();
  EXPECT_EQ(load.unanswered, 0);
  EXPECT_TRUE(load.odd.empty()) << load.odd.size() << " odd answers, first: " << load.odd.front();
  EXPECT_GE(unavailable_after_outage, 3);

  // No acknowledged write lost (PostgreSQL's crash recovery, SQLite's committed WAL).
  auto database = postgres ? db::Database::open(url) : scratch->open();
  for (const auto& id : load.message_ids) {
    EXPECT_EQ(
        count_rows(*database, "SELECT COUNT(*) FROM chat_messages WHERE message_id = $1", {id}), 1)
        << id;
  }
  // A commit whose answer was cut off by the crash may be there unacknowledged; nothing else.
  const auto rows = count_rows(*database, "SELECT COUNT(*) FROM chat_messages");
  EXPECT_GE(rows, static_cast<std::int64_t>(load.message_ids.size()));
  EXPECT_LE(rows, static_cast<std::int64_t>(load.message_ids.size()) + load.writes_unavailable +
                      load.unanswered);
  EXPECT_EQ(atrium.terminate().exit_code, 0);
}

TEST(Faults, SlowlorisDoesNotStopOthersAndTimeoutsCloseIt) {
  ScratchDatabase scratch;
  RunningAtrium atrium(scratch.url(), scratch.through_pooler(), "slowloris");
  ASSERT_NO_FATAL_FAILURE(atrium.upgrade());
  ASSERT_NO_FATAL_FAILURE(atrium.start());
  HttpClient client(atrium.port());
  const auto up =
      client.post_json("/api/auth/sign-up/email", sign_up_body("slow@example.com", "pw-12345678"));
  ASSERT_EQ(up.status, 200) << up.body;
  const auto token = token_of(up);

  // Half a head on most, a full head and a tenth of the body on the rest: then silence.
  constexpr int kHeads = 300;
  constexpr int kBodies = 60;
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < kHeads + kBodies; ++i) {
    idle.push_back(std::make_unique<RawConnection>(atrium.port()));
    const bool body = i >= kHeads;
    const std::string bytes =
        body ? "POST /api/auth/sign-in/email HTTP/1.1\r\nHost: x\r\nContent-Type: "
               "application/json\r\nContent-Length: 100\r\n\r\n{\"email\":"
             : "GET /api/auth/get-session HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    ASSERT_TRUE(idle.back()->send(bytes));
  }
  for (int i = 0; i < 20; ++i) {
    const auto session = client.get("/api/auth/get-session", bearer(token));
    ASSERT_EQ(session.status, 200) << session.body;
    EXPECT_NE(session.body.find("slow@example.com"), std::string::npos);
  }
  RawConnection fresh(atrium.port());
  ASSERT_TRUE(fresh.send(format_request("GET", "/api/auth/ok")));
  const auto ok = fresh.read_reply();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 200);

  // The head and body timeouts close every one of them (the server's defaults: 10 s and 30 s).
  int closed = 0;
  for (auto& c : idle) closed += c->wait_closed(std::chrono::seconds(90)) ? 1 : 0;
  EXPECT_EQ(closed, kHeads + kBodies);
  EXPECT_EQ(client.get("/api/auth/get-session", bearer(token)).status, 200);
  EXPECT_EQ(atrium.terminate().exit_code, 0);
}

TEST(Faults, SignInFloodKeepsSessionsAnsweredAndMemoryBounded) {
  ScratchDatabase scratch;
  RunningAtrium atrium(scratch.url(), scratch.through_pooler(), "flood");
  ASSERT_NO_FATAL_FAILURE(atrium.upgrade());
  ASSERT_NO_FATAL_FAILURE(atrium.start());
  HttpClient client(atrium.port());
  const auto reader = client.post_json("/api/auth/sign-up/email",
                                       sign_up_body("reader@example.com", "pw-12345678"));
  ASSERT_EQ(reader.status, 200) << reader.body;
  const auto target = client.post_json("/api/auth/sign-up/email",
                                       sign_up_body("target@example.com", "pw-12345678"));
  ASSERT_EQ(target.status, 200);
  const auto token = token_of(reader);
  const long rss_before = memory_kib(atrium.pid());
  ASSERT_GT(rss_before, 0);

  constexpr int kFlooders = 96;
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0}, rejected{0}, refused_busy{0}, unanswered{0};
  std::mutex mutex;
  std::vector<std::string> odd;
  std::vector<std::thread> flood;
  for (int f = 0; f < kFlooders; ++f) {
    flood.emplace_back([&, f] {
      try {
        HttpClient c(atrium.port());
        for (int i = 0; !stop; ++i) {
          const auto r = c.post_json(
              "/api/auth/sign-in/email",
              boost::json::serialize(boost::json::object{
                  {"email", f % 2 == 0 ? "target@example.com"
                                       : "ghost" + std::to_string(i) + "@example.com"},
                  {"password", "guess-" + std::to_string(f) + "-" + std::to_string(i)}}));
          ++sent;
          if (r.status == 401) {
            ++rejected;
          } else if ((r.status == 503 || r.status == 429) && has_error_shape(r)) {
            ++refused_busy;
          } else {
            std::lock_guard lock(mutex);
            odd.push_back(std::to_string(r.status) + " " + r.body.substr(0, 200));
          }
        }
      } catch (const std::exception&) {
        ++unanswered;
      }
    });
  }
  long rss_peak = rss_before;
  int sessions = 0;
  std::string session_failure;
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  while ((sessions < 30 || sent < 300) && Clock::now() < deadline) {
    try {
      const auto s = client.get("/api/auth/get-session", bearer(token));
      if (s.status != 200 || s.body.find("reader@example.com") == std::string::npos) {
        session_failure = std::to_string(s.status) + " " + s.body.substr(0, 200);
        break;
      }
    } catch (const std::exception& e) {
      session_failure = e.what();
      break;
    }
    ++sessions;
    rss_peak = std::max(rss_peak, memory_kib(atrium.pid()));
  }
  stop = true;
  for (auto& t : flood) t.join();
  EXPECT_EQ(session_failure, "");
  rss_peak = std::max(rss_peak, memory_kib(atrium.pid(), "VmHWM"));

  EXPECT_GE(sent, 300);
  EXPECT_GE(sessions, 30);
  EXPECT_EQ(unanswered, 0);
  EXPECT_TRUE(odd.empty()) << odd.size() << " odd answers, first: " << odd.front();
  EXPECT_EQ(rejected + refused_busy, sent);
  // Each scrypt holds 16 MiB (N=16384, r=8) on one of a core-count of hashing threads; the
  // queue holds request bodies only. 384 MiB over the start is far above that and far below
  // what an unbounded queue of 96 concurrent hashes would take.
  EXPECT_LT(rss_peak - rss_before, 384L * 1024)
      << "before " << rss_before << " KiB, peak " << rss_peak << " KiB";
  // Still the right answer for the flooded account afterwards.
  const auto in =
      client.post_json("/api/auth/sign-in/email",
                       boost::json::serialize(boost::json::object{{"email", "target@example.com"},
                                                                  {"password", "pw-12345678"}}));
  EXPECT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(atrium.terminate().exit_code, 0);
}

}  // namespace
}  // namespace atrium::testing
