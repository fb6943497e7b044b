// A real server on 127.0.0.1 (port 0) spoken to over real sockets. Timeouts are short so the
// tests are quick, but every assertion is on behaviour (closed or not, which status), never on
// how long something took; every wait in the helpers is bounded so a broken server fails
// instead of hanging.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/error.hpp"
#include "http/json.hpp"
#include "support/http_client.hpp"

namespace atrium::http {
namespace {

using namespace std::chrono_literals;
using testing::format_request;
using testing::HttpClient;
using testing::HttpReply;
using testing::RawConnection;

// A door handlers wait at until the test opens it, and a count of how many arrived.
class Gate {
 public:
  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // True once `n` handlers have arrived (false if that takes more than 15 s).
  bool wait_arrived(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 15s, [&] { return arrived_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int arrived_ = 0;
  bool open_ = false;
};

// Opens the gate when a test ends early (a failed ASSERT), so stop() is not left waiting for
// a handler that waits for the gate.
struct GateReleaser {
  Gate& gate;
  ~GateReleaser() { gate.open(); }
};

ServerOptions test_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.worker_threads = 4;
  o.worker_queue = 64;
  return o;
}

// The router must outlive the server, hence one object holding both.
struct TestServer {
  Router router;
  std::unique_ptr<Server> server;

  void start(ServerOptions options = test_options(),
             const std::function<void(Server&)>& configure = {}) {
    server = std::make_unique<Server>(std::move(options), router);
    if (configure) configure(*server);
    server->start();
  }
  std::uint16_t port() const { return server->port(); }
};

// Echoes what the handler saw, so tests can check the Request the server built.
Response echo(Request& r) {
  boost::json::object headers;
  for (const auto& [name, value] : r.headers) headers[name] = value;
  boost::json::object params;
  for (const auto& [name, value] : r.path_params) params[name] = value;
  return json(boost::json::object{{"method", r.method},
                                  {"target", r.target},
                                  {"path", r.path},
                                  {"query", r.query},
                                  {"template", r.route_template},
                                  {"params", params},
                                  {"client", r.client_address},
                                  {"body", r.body},
                                  {"headers", headers}});
}

bool connection_refused(std::uint16_t port) {
  try {
    RawConnection probe(port);
    // Accepted by the kernel backlog after the acceptor closed is impossible, but a socket
    // accepted and closed at once also means "not served".
    return probe.wait_closed(2s);
  } catch (const std::runtime_error&) {
    return true;
  }
}

TEST(Server, RoutesAndBuildsTheRequest) {
  TestServer t;
  t.router.add("GET", "/health", [](Request&) {
    return json(boost::json::object{{"status", "ok"}});
  });
  t.router.add("POST", "/items/{id}", echo);
  t.start();
  HttpClient client(t.port());

  HttpReply health = client.get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(health.header("content-type"), "application/json");
  EXPECT_EQ(health.header("content-length"), "15");

  HttpReply r = client.request("POST", "/items/a%20b?x=1+2", "payload",
                               {{"X-Custom", "V"}, {"Content-Type", "text/plain"}});
  ASSERT_EQ(r.status, 200);
  boost::json::object seen = boost::json::parse(r.body).as_object();
  EXPECT_EQ(seen["method"], "POST");
  EXPECT_EQ(seen["target"], "/items/a%20b?x=1+2");
  EXPECT_EQ(seen["path"], "/items/a b");
  EXPECT_EQ(seen["query"], "x=1+2");
  EXPECT_EQ(seen["template"], "/items/{id}");
  EXPECT_EQ(seen["params"].as_object()["id"], "a b");
  EXPECT_EQ(seen["client"], "127.0.0.1");
  EXPECT_EQ(seen["body"], "payload");
  EXPECT_EQ(seen["headers"].as_object()["x-custom"], "V");
  EXPECT_EQ(seen["headers"].as_object()["content-type"], "text/plain");
}

TEST(Server, ClientAddressOfAnIpv4PeerOnADualStackSocketIsPlainIpv4) {
  TestServer t;
  t.router.add("GET", "/who", [](Request& r) { return Response::text(200, r.client_address); });
  ServerOptions o = test_options();
  o.host = "::";
  t.start(o);
  EXPECT_EQ(HttpClient(t.port()).get("/who").body, "127.0.0.1");  // not ::ffff:127.0.0.1
}

TEST(Server, UnknownPathIsAnEmpty404) {
  TestServer t;
  t.router.add("GET", "/a/b", echo);
  t.start();
  HttpClient client(t.port());
  for (const char* target : {"/nope", "/a//b", "//a/b", "/a/b/"}) {
    HttpReply r = client.get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body, "") << target;
    EXPECT_EQ(r.header("content-type"), std::nullopt) << target;
    EXPECT_EQ(r.header("content-length"), "0") << target;
  }
}

TEST(Server, WrongMethodIs405WithAllow) {
  TestServer t;
  t.router.add("GET", "/things", echo);
  t.router.add("POST", "/things", echo);
  t.start();
  HttpClient client(t.port());
  HttpReply r = client.request("DELETE", "/things");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(r.body, R"({"message":"Method Not Allowed","code":"METHOD_NOT_ALLOWED"})");
  EXPECT_EQ(client.get("/things").status, 200);  // the connection is still usable
}

TEST(Server, HeadIsServedByGetWithoutBody) {
  TestServer t;
  t.router.add("GET", "/doc", [](Request&) { return Response::text(200, "twelve bytes"); });
  t.start();
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("HEAD", "/doc")));
  auto head = c.read_reply(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "12");
  EXPECT_EQ(head->body, "");
  // Had a body been sent, it would now be read as the next response's start.
  ASSERT_TRUE(c.send(format_request("GET", "/doc")));
  auto get = c.read_reply();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "twelve bytes");
}

TEST(Server, WritesHeadersInOrderAndOneSetCookieEach) {
  TestServer t;
  t.router.add("GET", "/c", [](Request&) {
    Response r = Response::text(200, "body");
    r.header("X-First", "1").header("Content-Length", "999").header("X-Second", "2");
    r.cookie(SetCookie{.name = "a", .value = "1", .path = "/", .http_only = true});
    r.cookie(SetCookie{.name = "__Secure-b", .value = "2"});
    return r;
  });
  t.start();
  HttpClient client(t.port());
  HttpReply r = client.get("/c");
  EXPECT_EQ(r.body, "body");
  EXPECT_EQ(r.header("content-length"), "4");  // the handler's value is not trusted
  EXPECT_EQ(r.headers_named("set-cookie"),
            (std::vector<std::string>{"a=1; Path=/; HttpOnly", "__Secure-b=2; Secure"}));
  std::vector<std::string> order;
  for (const auto& [name, value] : r.headers) {
    if (name == "Content-Type" || name == "X-First" || name == "X-Second") order.push_back(name);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"Content-Type", "X-First", "X-Second"}));
}

TEST(Server, BodyOverLimitByContentLengthIs413AndCloses) {
  TestServer t;
  t.router.add("POST", "/upload", echo);
  ServerOptions o = test_options();
  o.max_body_bytes = 1024;
  t.start(o);

  HttpClient client(t.port());
  EXPECT_EQ(client.request("POST", "/upload", std::string(1024, 'x')).status, 200);

  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("POST", "/upload", "", {{"Content-Length", "1025"}})));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, R"({"message":"Payload Too Large","code":"PAYLOAD_TOO_LARGE"})");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.wait_closed());
}

TEST(Server, ChunkedBodyOverLimitIs413AndCloses) {
  TestServer t;
  t.router.add("POST", "/upload", echo);
  ServerOptions o = test_options();
  o.max_body_bytes = 1024;
  t.start(o);

  auto chunked = [](std::size_t size) {
    std::string chunk(size / 2, 'y');
    char length[32];
    std::snprintf(length, sizeof length, "%zx\r\n", chunk.size());
    return std::string(length) + chunk + "\r\n" + length + chunk + "\r\n0\r\n\r\n";
  };
  RawConnection ok(t.port());
  ASSERT_TRUE(ok.send(
      format_request("POST", "/upload", chunked(1024), {{"Transfer-Encoding", "chunked"}})));
  auto accepted = ok.read_reply();
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200);
  EXPECT_EQ(boost::json::parse(accepted->body).at("body").as_string().size(), 1024u);

  RawConnection c(t.port());
  ASSERT_TRUE(
      c.send(format_request("POST", "/upload", chunked(2048), {{"Transfer-Encoding", "chunked"}})));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, R"({"message":"Payload Too Large","code":"PAYLOAD_TOO_LARGE"})");
  EXPECT_TRUE(c.wait_closed());
}

TEST(Server, HeadersOverLimitAre431AndClose) {
  TestServer t;
  t.router.add("GET", "/x", echo);
  ServerOptions o = test_options();
  o.max_header_bytes = 4096;
  t.start(o);
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("GET", "/x", "", {{"X-Big", std::string(8192, 'h')}})));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(
      r->body,
      R"({"message":"Request Header Fields Too Large","code":"REQUEST_HEADER_FIELDS_TOO_LARGE"})");
  EXPECT_TRUE(c.wait_closed());
}

TEST(Server, MalformedRequestIs400AndCloses) {
  TestServer t;
  t.router.add("GET", "/x", echo);
  t.start();
  for (const std::string& bytes :
       {std::string("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n"),
        std::string("G(T /x HTTP/1.1\r\nHost: a\r\n\r\n"),
        std::string("GET /x HTTP/1.1\r\nBad Header\r\n\r\n")}) {
    RawConnection c(t.port());
    ASSERT_TRUE(c.send(bytes));
    auto r = c.read_reply();
    ASSERT_TRUE(r) << bytes;
    EXPECT_EQ(r->status, 400) << bytes;
    EXPECT_EQ(r->body, R"({"message":"Bad Request","code":"BAD_REQUEST"})");
    EXPECT_TRUE(c.wait_closed());
  }
}

TEST(Server, Http10ClosesAfterTheResponse) {
  TestServer t;
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  t.start();
  RawConnection c(t.port());
  ASSERT_TRUE(c.send("GET /x HTTP/1.0\r\n\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok");
  EXPECT_TRUE(c.wait_closed());
}

TEST(Server, ExpectContinueGetsAnInterimResponse) {
  TestServer t;
  t.router.add("POST", "/x", echo);
  t.start();
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(
      format_request("POST", "/x", "", {{"Content-Length", "5"}, {"Expect", "100-continue"}})));
  auto interim = c.read_reply();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("hello"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(boost::json::parse(r->body).at("body"), "hello");
}

TEST(Server, SlowHeadIsClosedAtTheHeaderTimeout) {
  TestServer t;
  t.router.add("GET", "/x", echo);
  ServerOptions o = test_options();
  o.header_timeout = 300ms;
  o.idle_timeout = 60s;  // so only the header timeout can be what closes
  t.start(o);

  RawConnection silent(t.port());  // connects and says nothing
  EXPECT_TRUE(silent.wait_closed(15s));

  // A slowloris keeps sending header lines; the deadline covers the whole head regardless.
  RawConnection slow(t.port());
  ASSERT_TRUE(slow.send("GET /x HTTP/1.1\r\n"));
  for (int i = 0; i < 100; ++i) {
    if (!slow.send("X-Drip: " + std::to_string(i) + "\r\n")) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(slow.wait_closed(2s));
}

TEST(Server, SlowBodyIsClosedAtTheBodyTimeout) {
  TestServer t;
  t.router.add("POST", "/x", echo);
  ServerOptions o = test_options();
  o.body_timeout = 300ms;
  t.start(o);
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("POST", "/x", "", {{"Content-Length", "10"}}) + "abc"));
  std::string received = c.read_until_closed(15s);
  EXPECT_EQ(received, "");  // no response: the connection is simply closed
}

TEST(Server, IdleKeepAliveConnectionIsClosed) {
  TestServer t;
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  ServerOptions o = test_options();
  o.idle_timeout = 300ms;
  t.start(o);
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("GET", "/x")));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), std::nullopt);  // kept alive...
  EXPECT_TRUE(c.wait_closed(15s));                   // ...until idle too long
}

TEST(Server, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer t;
  std::atomic<int> calls{0};
  t.router.add("GET", "/n", [&](Request&) { return Response::text(200, std::to_string(++calls)); });
  t.start();
  RawConnection c(t.port());
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(c.send(format_request("GET", "/n")));
    auto r = c.read_reply();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->body, std::to_string(i));
  }
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  TestServer t;
  t.router.add("GET", "/slow/{id}", [](Request& r) {
    std::this_thread::sleep_for(100ms);  // would let a later request overtake if run in parallel
    return Response::text(200, r.path_param("id"));
  });
  t.router.add("GET", "/fast/{id}",
               [](Request& r) { return Response::text(200, r.path_param("id")); });
  t.start();
  RawConnection c(t.port());
  ASSERT_TRUE(c.send(format_request("GET", "/slow/1") + format_request("GET", "/fast/2") +
                     format_request("GET", "/slow/3") + format_request("GET", "/fast/4")));
  for (const char* expected : {"1", "2", "3", "4"}) {
    auto r = c.read_reply();
    ASSERT_TRUE(r) << expected;
    EXPECT_EQ(r->body, expected);
  }
}

TEST(Server, ConnectionsBeyondTheCapAreClosed) {
  TestServer t;
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  ServerOptions o = test_options();
  o.max_connections = 2;
  t.start(o);

  auto first = std::make_unique<RawConnection>(t.port());
  RawConnection second(t.port());
  for (RawConnection* c : {first.get(), &second}) {
    ASSERT_TRUE(c->send(format_request("GET", "/x")));
    auto r = c->read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  RawConnection third(t.port());
  third.send(format_request("GET", "/x"));
  EXPECT_EQ(third.read_until_closed(15s), "");

  // A freed slot is served again.
  first.reset();
  bool served = false;
  for (int attempt = 0; attempt < 200 && !served; ++attempt) {
    RawConnection next(t.port());
    if (next.send(format_request("GET", "/x"))) {
      auto r = next.read_reply();
      served = r && r->status == 200;
    }
    if (!served) std::this_thread::sleep_for(25ms);
  }
  EXPECT_TRUE(served);
}

// Waits (at most 30 s) until one of two concurrent requests has its answer: the one refused
// for a full queue, while the other waits its turn.
template <class T>
void wait_for_either(std::future<T>& a, std::future<T>& b) {
  for (int i = 0; i < 1500; ++i) {
    if (a.wait_for(10ms) == std::future_status::ready ||
        b.wait_for(10ms) == std::future_status::ready) {
      return;
    }
  }
}

TEST(Server, FullWorkerQueueAnswers503) {
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  t.router.add("GET", "/block", [&](Request&) {
    gate.arrive_and_wait();
    return Response::text(200, "done");
  });
  ServerOptions o = test_options();
  o.worker_threads = 1;
  o.worker_queue = 1;
  t.start(o);

  RawConnection running(t.port());
  ASSERT_TRUE(running.send(format_request("GET", "/block")));
  ASSERT_TRUE(gate.wait_arrived(1));  // the only worker is now busy

  // Two more requests: one takes the only queue slot, the other must be refused. Which one
  // is which depends on the order the server reads them, so both are read concurrently.
  RawConnection b(t.port());
  RawConnection c(t.port());
  ASSERT_TRUE(b.send(format_request("GET", "/block")));
  ASSERT_TRUE(c.send(format_request("GET", "/block")));
  auto reply_b = std::async(std::launch::async, [&] { return b.read_reply(false, 30s); });
  auto reply_c = std::async(std::launch::async, [&] { return c.read_reply(false, 30s); });
  wait_for_either(reply_b, reply_c);
  gate.open();
  auto rb = reply_b.get();
  auto rc = reply_c.get();
  auto ra = running.read_reply();
  ASSERT_TRUE(ra && rb && rc);
  EXPECT_EQ(ra->status, 200);
  const HttpReply& refused = rb->status == 503 ? *rb : *rc;
  const HttpReply& queued = rb->status == 503 ? *rc : *rb;
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_EQ(refused.body, R"({"message":"Service Unavailable","code":"SERVICE_UNAVAILABLE"})");
  EXPECT_EQ(queued.status, 200);
  EXPECT_EQ(queued.body, "done");
}

TEST(Server, InlineRoutesAndInlineAttemptsAnswerWhileTheOnlyWorkerIsStuck) {
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  std::atomic<int> handler_calls{0};
  t.router.add("GET", "/block", [&](Request&) {
    gate.arrive_and_wait();
    return Response::text(200, "done");
  });
  t.router.add(
      "GET", "/inline", [](Request&) { return Response::text(200, "inline"); },
      RouteOptions{.inline_on_io = true});
  t.router.add(
      "GET", "/quick",
      [&](Request&) {
        ++handler_calls;
        return Response::text(200, "worker");
      },
      RouteOptions{.inline_attempt = [](Request&) { return Response::text(200, "attempt"); }});
  ServerOptions o = test_options();
  o.worker_threads = 1;
  t.start(o);
  RawConnection running(t.port());
  ASSERT_TRUE(running.send(format_request("GET", "/block")));
  ASSERT_TRUE(gate.wait_arrived(1));
  // The only worker is stuck: a pooled route would wait behind it (and the client give up).
  HttpClient client(t.port());
  EXPECT_EQ(client.get("/inline").body, "inline");
  EXPECT_EQ(client.get("/quick").body, "attempt");
  gate.open();
  auto r = running.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "done");
  EXPECT_EQ(handler_calls.load(), 0);
}

TEST(Server, LongRunningRoutesHaveWorkersOfTheirOwn) {
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  t.router.add(
      "GET", "/slow",
      [&](Request&) {
        gate.arrive_and_wait();
        return Response::text(200, "slow");
      },
      RouteOptions{.long_running = true});
  t.router.add("GET", "/quick", [](Request&) { return Response::text(200, "quick"); });
  ServerOptions o = test_options();
  o.worker_threads = 1;
  o.long_running_threads = 2;
  o.worker_queue = 64;  // the quick routes' queue has room: the refusal below is the lane's
  o.long_running_queue = 1;
  t.start(o);
  RawConnection a(t.port()), b(t.port());
  // One at a time: a request waits in the one-slot queue until a worker takes it.
  ASSERT_TRUE(a.send(format_request("GET", "/slow")));
  ASSERT_TRUE(gate.wait_arrived(1));
  ASSERT_TRUE(b.send(format_request("GET", "/slow")));
  ASSERT_TRUE(gate.wait_arrived(2));  // both long-running workers are stuck
  // Two more: one takes the lane's only queue slot, the other is refused.
  RawConnection c(t.port()), d(t.port());
  ASSERT_TRUE(c.send(format_request("GET", "/slow")));
  ASSERT_TRUE(d.send(format_request("GET", "/slow")));
  auto reply_c = std::async(std::launch::async, [&] { return c.read_reply(false, 30s); });
  auto reply_d = std::async(std::launch::async, [&] { return d.read_reply(false, 30s); });
  // Meanwhile the quick route's only worker answers as if nothing were happening.
  HttpClient client(t.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.get("/quick").body, "quick");
  wait_for_either(reply_c, reply_d);
  gate.open();
  auto rc = reply_c.get();
  auto rd = reply_d.get();
  ASSERT_TRUE(rc && rd);
  const HttpReply& refused = rc->status == 503 ? *rc : *rd;
  const HttpReply& queued = rc->status == 503 ? *rd : *rc;
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(queued.body, "slow");
  for (RawConnection* conn : {&a, &b}) {
    auto r = conn->read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "slow");
  }
}

TEST(Server, ADeclinedInlineAttemptRunsTheHandlerOnAWorkerThroughTheMiddlewareAgain) {
  TestServer t;
  std::atomic<int> middleware_calls{0};
  std::mutex mutex;
  std::thread::id attempt_thread, handler_thread;
  t.router.add(
      "GET", "/maybe",
      [&](Request& r) {
        std::lock_guard lock(mutex);
        handler_thread = std::this_thread::get_id();
        // The flag is reset before the worker sees the request.
        return Response::text(200, r.run_on_worker ? "flag left set" : "from the worker");
      },
      RouteOptions{.inline_attempt = [&](Request& r) {
        {
          std::lock_guard lock(mutex);
          attempt_thread = std::this_thread::get_id();
        }
        if (r.header("x-decline")) {
          r.run_on_worker = true;
          Response discarded = Response::text(299, "discarded");
          discarded.header("X-Discarded", "1");
          return discarded;
        }
        return Response::text(200, "from the socket thread");
      }});
  t.start(test_options(), [&](Server& s) {
    s.use([&](Request& r, const Handler& next) {
      ++middleware_calls;
      Response res = next(r);
      res.header("X-Middleware", "1");
      return res;
    });
  });
  HttpClient client(t.port());
  HttpReply quick = client.get("/maybe");
  EXPECT_EQ(quick.status, 200);
  EXPECT_EQ(quick.body, "from the socket thread");
  EXPECT_EQ(quick.header("x-middleware"), "1");
  EXPECT_EQ(middleware_calls.load(), 1);

  HttpReply handed_on = client.get("/maybe", {{"X-Decline", "1"}});
  EXPECT_EQ(handed_on.status, 200);
  EXPECT_EQ(handed_on.body, "from the worker");
  EXPECT_EQ(handed_on.header("x-middleware"), "1");
  EXPECT_FALSE(handed_on.header("x-discarded"));
  EXPECT_EQ(middleware_calls.load(), 3);  // around the attempt, then around the handler
  std::lock_guard lock(mutex);
  EXPECT_NE(attempt_thread, handler_thread);
}

// Asynchronous attempts park their answers here; the test answers them from its own thread.
class ParkedAnswers {
 public:
  void park(AsyncAnswer answer) {
    std::lock_guard lock(mutex_);
    answers_.push_back(std::move(answer));
    changed_.notify_all();
  }
  // Waits (up to 15 s) for an attempt to park its answer; false if none came.
  bool wait_parked() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 15s, [&] { return !answers_.empty(); });
  }
  // Waits (up to 15 s) for a parked answer and hands it `rest`; false if none came.
  bool give(Handler rest) {
    AsyncAnswer answer;
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait_for(lock, 15s, [&] { return !answers_.empty(); })) return false;
      answer = std::move(answers_.front());
      answers_.erase(answers_.begin());
    }
    answer(std::move(rest));
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<AsyncAnswer> answers_;
};

TEST(Server, AnAsynchronousAttemptsRestRunsOnTheSocketThreadInsideTheMiddleware) {
  TestServer t;
  ParkedAnswers parked;
  std::atomic<int> handler_calls{0}, middleware_calls{0};
  std::atomic<bool> attempt_before_middleware{false}, rest_inside_middleware{false};
  std::mutex mutex;
  std::thread::id attempt_thread, rest_thread;
  t.router.add(
      "GET", "/async",
      [&](Request&) {
        ++handler_calls;
        return Response::text(200, "from the worker");
      },
      RouteOptions{.async_attempt = [&](Request& r, const AsyncAnswer& answer) {
        attempt_before_middleware = !r.header("x-middleware-saw");
        {
          std::lock_guard lock(mutex);
          attempt_thread = std::this_thread::get_id();
        }
        parked.park(answer);
      }});
  t.start(test_options(), [&](Server& s) {
    s.use([&](Request& r, const Handler& next) {
      ++middleware_calls;
      r.headers.emplace_back("x-middleware-saw", "1");
      Response res = next(r);
      res.header("X-Middleware", "1");
      return res;
    });
  });
  HttpClient client(t.port());
  auto reply = std::async(std::launch::async, [&] { return client.get("/async"); });
  ASSERT_TRUE(parked.give([&](Request& r) {
    rest_inside_middleware = r.header("x-middleware-saw").has_value();
    std::lock_guard lock(mutex);
    rest_thread = std::this_thread::get_id();
    return Response::text(201, "the rest");
  }));
  HttpReply first = reply.get();
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(first.body, "the rest");
  EXPECT_EQ(first.header("x-middleware"), "1");
  EXPECT_TRUE(attempt_before_middleware.load());
  EXPECT_TRUE(rest_inside_middleware.load());
  EXPECT_EQ(middleware_calls.load(), 1);
  EXPECT_EQ(handler_calls.load(), 0);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(rest_thread, attempt_thread);  // the connection's socket thread, not the test's
    EXPECT_NE(rest_thread, std::this_thread::get_id());
  }

  // The connection goes on to its next request.
  reply = std::async(std::launch::async, [&] { return client.get("/async"); });
  ASSERT_TRUE(parked.give([](Request&) { return Response::text(200, "again"); }));
  EXPECT_EQ(reply.get().body, "again");
}

TEST(Server, AnAttemptCanDeferWorkToTheEndOfItsSocketThreadsTurn) {
  // What an asynchronous attempt defers runs later on the same socket thread, after the attempt
  // has returned; elsewhere (a worker, the test's thread) nothing can be deferred.
  TestServer t;
  std::mutex mutex;
  std::thread::id attempt_thread, deferred_thread;
  std::atomic<bool> attempt_returned{false}, ran_after_return{false}, worker_could_defer{true};
  t.router.add(
      "GET", "/deferred",
      [&](Request&) {
        worker_could_defer = defer_on_socket_thread([] {});
        return Response::text(200, "from the worker");
      },
      RouteOptions{.async_attempt = [&](Request&, const AsyncAnswer& answer) {
        {
          std::lock_guard lock(mutex);
          attempt_thread = std::this_thread::get_id();
        }
        const bool deferred = defer_on_socket_thread([&, answer] {
          ran_after_return = attempt_returned.load();
          {
            std::lock_guard lock(mutex);
            deferred_thread = std::this_thread::get_id();
          }
          answer([](Request&) { return Response::text(200, "deferred"); });
        });
        if (!deferred) answer(nullptr);
        attempt_returned = true;
      }});
  t.router.add("GET", "/worker", [&](Request&) {
    worker_could_defer = defer_on_socket_thread([] {});
    return Response::text(200, "worker");
  });
  t.start(test_options());
  EXPECT_FALSE(defer_on_socket_thread([] {}));
  HttpClient client(t.port());
  HttpReply reply = client.get("/deferred");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "deferred");
  EXPECT_TRUE(ran_after_return.load());
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(deferred_thread, attempt_thread);
  }
  EXPECT_EQ(client.get("/worker").body, "worker");
  EXPECT_FALSE(worker_could_defer.load());
}

TEST(Server, AnAsynchronousAttemptCanPassTheRequestOnToAWorker) {
  TestServer t;
  ParkedAnswers parked;
  std::atomic<int> handler_calls{0};
  t.router.add(
      "GET", "/async",
      [&](Request& r) {
        ++handler_calls;
        // The flag is reset before the worker sees the request.
        return Response::text(200, r.run_on_worker ? "flag left set" : "from the worker");
      },
      RouteOptions{.async_attempt = [&](Request& r, const AsyncAnswer& answer) {
        if (r.header("x-throw")) throw std::runtime_error("attempt failed");
        if (r.header("x-throw-after-answering")) {
          answer([](Request&) { return Response::text(200, "answered first"); });
          throw std::runtime_error("attempt failed late");
        }
        parked.park(answer);
      }});
  t.start();
  HttpClient client(t.port());
  // No rest at all.
  auto declined = std::async(std::launch::async, [&] { return client.get("/async"); });
  ASSERT_TRUE(parked.give(nullptr));
  EXPECT_EQ(declined.get().body, "from the worker");
  // A rest that finds it cannot answer on the socket thread.
  auto handed_on = std::async(std::launch::async, [&] { return client.get("/async"); });
  ASSERT_TRUE(parked.give([](Request& r) {
    r.run_on_worker = true;
    return Response::text(299, "discarded");
  }));
  EXPECT_EQ(handed_on.get().body, "from the worker");
  // An attempt that throws.
  EXPECT_EQ(client.get("/async", {{"X-Throw", "1"}}).body, "from the worker");
  EXPECT_EQ(client.get("/async", {{"X-Throw-After-Answering", "1"}}).body, "answered first");
  EXPECT_EQ(handler_calls.load(), 3);
}

TEST(Server, StopWaitsForTheAnswersOfAsynchronousAttempts) {
  TestServer t;
  ParkedAnswers parked;
  t.router.add(
      "GET", "/async", [&](Request&) { return Response::text(200, "from the worker"); },
      RouteOptions{
          .async_attempt = [&](Request&, const AsyncAnswer& answer) { parked.park(answer); }});
  ServerOptions o = test_options();
  o.shutdown_deadline = 30s;
  t.start(o);
  RawConnection busy(t.port());
  ASSERT_TRUE(busy.send(format_request("GET", "/async")));
  ASSERT_TRUE(parked.wait_parked());
  auto stopped = std::async(std::launch::async, [&] { t.server->stop(); });
  EXPECT_EQ(stopped.wait_for(300ms), std::future_status::timeout);  // the answer is owed
  ASSERT_TRUE(parked.give([](Request&) { return Response::text(200, "late but answered"); }));
  auto r = busy.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "late but answered");
  EXPECT_EQ(r->header("connection"), "close");
  stopped.get();
}

TEST(Server, EachSocketThreadServesItsOwnConnections) {
  // Two connections, each held inside an inline route until both are in it at once: only
  // two socket threads running side by side can get there.
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  t.router.add("GET", "/plain", [](Request&) { return Response::text(200, "plain"); });
  t.router.add(
      "GET", "/meet", [](Request&) { return Response::text(500, "not inline"); },
      RouteOptions{.inline_attempt = [&](Request&) {
        gate.arrive_and_wait();
        return Response::text(200, "met");
      }});
  ServerOptions o = test_options();
  o.io_threads = 2;
  t.start(o);
  RawConnection first(t.port());
  RawConnection second(t.port());
  // Accepted (in turn, one per thread) before either blocks its thread: the acceptor runs on
  // the first thread.
  for (RawConnection* c : {&first, &second}) {
    ASSERT_TRUE(c->send(format_request("GET", "/plain")));
    auto r = c->read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "plain");
  }
  ASSERT_TRUE(first.send(format_request("GET", "/meet")));
  ASSERT_TRUE(second.send(format_request("GET", "/meet")));
  EXPECT_TRUE(gate.wait_arrived(2));
  gate.open();
  for (RawConnection* c : {&first, &second}) {
    auto r = c->read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "met");
  }
  // And the server still serves ordinary requests on both threads afterwards.
  for (int i = 0; i < 4; ++i) {
    HttpClient client(t.port());
    EXPECT_EQ(client.get("/plain").body, "plain");
  }
}

TEST(Server, MiddlewareWrapsRoutedHandlersOutermostFirst) {
  TestServer t;
  std::mutex mutex;
  std::vector<std::string> trace;
  auto record = [&](std::string what) {
    std::lock_guard lock(mutex);
    trace.push_back(std::move(what));
  };
  t.router.add("GET", "/x", [&](Request& r) {
    record("handler saw " + std::string(r.header("x-tag").value_or("")));
    return Response::text(200, "ok");
  });
  t.start(test_options(), [&](Server& s) {
    s.use([&](Request& r, const Handler& next) {
      record("outer before");
      if (r.header("x-deny")) return Response::error(403, "Denied", "DENIED");
      r.headers.emplace_back("x-tag", "outer");
      Response res = next(r);
      res.header("X-Outer", "1");
      record("outer after");
      return res;
    });
    s.use([&](Request& r, const Handler& next) {
      record("inner before");
      Response res = next(r);
      res.header("X-Inner", "1");
      record("inner after");
      return res;
    });
  });
  HttpClient client(t.port());
  HttpReply r = client.get("/x");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("x-outer"), "1");
  EXPECT_EQ(r.header("x-inner"), "1");
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(trace, (std::vector<std::string>{"outer before", "inner before", "handler saw outer",
                                               "inner after", "outer after"}));
    trace.clear();
  }
  HttpReply denied = client.get("/x", {{"X-Deny", "1"}});
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(client.get("/unrouted").status, 404);
  std::lock_guard lock(mutex);
  EXPECT_EQ(trace, (std::vector<std::string>{"outer before"}));
}

TEST(Server, ExceptionsGoThroughTheErrorMapper) {
  TestServer t;
  t.router.add("GET", "/conflict", [](Request&) -> Response {
    throw Error(ErrorKind::conflict, "USER_ALREADY_EXISTS", "User already exists");
  });
  t.router.add("GET", "/internal", [](Request&) -> Response {
    throw Error(ErrorKind::internal, "DB", "password=hunter2 in the connection string");
  });
  t.router.add("GET", "/std", [](Request&) -> Response { throw std::runtime_error("boom"); });
  t.router.add("GET", "/int", [](Request&) -> Response { throw 42; });
  t.router.add("GET", "/bad-json", [](Request& r) { return json(parse_json_body(r.body)); });
  t.router.add("GET", "/bad-cookie", [](Request&) {
    SetCookie c{.name = "x", .value = "v"};
    c.max_age = 34560001;
    return Response::text(200, "unreachable").cookie(c);
  });
  t.start();
  HttpClient client(t.port());

  HttpReply conflict = client.get("/conflict");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.body, R"({"message":"User already exists","code":"USER_ALREADY_EXISTS"})");
  HttpReply internal = client.get("/internal");
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body, R"({"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"})");
  for (const char* target : {"/std", "/int", "/bad-cookie"}) {
    HttpReply r = client.get(target);
    EXPECT_EQ(r.status, 500) << target;
    EXPECT_EQ(r.body, R"({"message":"Internal Server Error","code":"INTERNAL_SERVER_ERROR"})");
    EXPECT_TRUE(r.headers_named("set-cookie").empty());
  }
  HttpReply bad_json = client.get("/bad-json");
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(bad_json.body, R"({"message":"Invalid JSON in request body","code":"BAD_REQUEST"})");
}

TEST(Server, CustomErrorMapperReplacesTheDefault) {
  TestServer t;
  t.router.add("GET", "/x", [](Request&) -> Response { throw std::runtime_error("custom"); });
  t.router.add("GET", "/y", [](Request&) -> Response { throw std::logic_error("mapper fails"); });
  t.start(test_options(), [](Server& s) {
    s.set_error_mapper([](const std::exception_ptr& e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::runtime_error& err) {
        return Response::text(418, err.what());
      }
    });
  });
  HttpClient client(t.port());
  HttpReply r = client.get("/x");
  EXPECT_EQ(r.status, 418);
  EXPECT_EQ(r.body, "custom");
  // A mapper that throws itself still yields a response.
  EXPECT_EQ(client.get("/y").status, 500);
}

TEST(Server, CompletionHookSeesTemplateAndStatus) {
  TestServer t;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<std::string, int>> seen;
  t.router.add("GET", "/items/{id}", [](Request&) { return Response::text(201, "x"); });
  t.router.add("POST", "/items/{id}", [](Request&) { return Response::text(200, "x"); });
  t.start(test_options(), [&](Server& s) {
    s.on_complete([&](const Request& r, int status, std::chrono::nanoseconds elapsed) {
      EXPECT_GE(elapsed.count(), 0);
      std::lock_guard lock(mutex);
      seen.emplace_back(r.route_template, status);
      changed.notify_all();
    });
  });
  HttpClient client(t.port());
  client.get("/items/42");
  client.get("/missing");
  client.request("PUT", "/items/1");
  std::unique_lock lock(mutex);
  ASSERT_TRUE(changed.wait_for(lock, 15s, [&] { return seen.size() >= 3; }));
  EXPECT_EQ(seen,
            (std::vector<std::pair<std::string, int>>{{"/items/{id}", 201}, {"", 404}, {"", 405}}));
}

TEST(Server, GracefulStopFinishesInFlightAndRefusesNewConnections) {
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  t.router.add("GET", "/slow", [&](Request&) {
    gate.arrive_and_wait();
    return Response::text(200, "finished");
  });
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  ServerOptions o = test_options();
  o.shutdown_deadline = 30s;
  t.start(o);
  std::uint16_t port = t.port();

  RawConnection idle(port);
  ASSERT_TRUE(idle.send(format_request("GET", "/x")));
  ASSERT_TRUE(idle.read_reply());

  RawConnection busy(port);
  ASSERT_TRUE(busy.send(format_request("GET", "/slow")));
  ASSERT_TRUE(gate.wait_arrived(1));

  auto stopped = std::async(std::launch::async, [&] { t.server->stop(); });
  GateReleaser release_before_joining{gate};
  EXPECT_TRUE(idle.wait_closed(15s));  // idle keep-alive connections are closed at once
  bool refused = false;
  for (int i = 0; i < 200 && !refused; ++i) {
    refused = connection_refused(port);
    if (!refused) std::this_thread::sleep_for(25ms);
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(stopped.wait_for(0s), std::future_status::timeout);  // still waiting for /slow

  gate.open();
  auto r = busy.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "finished");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(busy.wait_closed());
  stopped.get();
  t.server->wait();  // returns at once: stop() has completed
  t.server->stop();  // idempotent
}

TEST(Server, StopClosesRequestsStillRunningAtTheDeadline) {
  Gate gate;
  TestServer t;
  GateReleaser release{gate};
  t.router.add("GET", "/stuck", [&](Request&) {
    gate.arrive_and_wait();
    return Response::text(200, "late");
  });
  ServerOptions o = test_options();
  o.shutdown_deadline = 200ms;
  t.start(o);
  RawConnection busy(t.port());
  ASSERT_TRUE(busy.send(format_request("GET", "/stuck")));
  ASSERT_TRUE(gate.wait_arrived(1));
  // stop() closes the connection at the deadline, then waits for the handler to return.
  auto stopped = std::async(std::launch::async, [&] { t.server->stop(); });
  GateReleaser release_before_joining{gate};
  EXPECT_EQ(busy.read_until_closed(15s), "");
  gate.open();
  stopped.get();
}

TEST(Server, RunUntilSignalReturnsOnSigterm) {
  testing::SignalAbsorber absorber({SIGTERM});
  TestServer t;
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  t.server = std::make_unique<Server>(test_options(), t.router);
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    t.server->run_until_signal();
    returned = true;
  });
  for (int i = 0; i < 1000 && t.server->port() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_NE(t.server->port(), 0);
  EXPECT_EQ(HttpClient(t.server->port()).get("/x").body, "ok");
  // A signal sent before run_until_signal listens goes to the absorber only; send until heard.
  for (int i = 0; i < 500 && !returned; ++i) {
    ::kill(::getpid(), SIGTERM);
    std::this_thread::sleep_for(20ms);
  }
  runner.join();
  EXPECT_TRUE(returned);
  EXPECT_TRUE(connection_refused(t.server->port()));
}

TEST(Server, RunUntilSignalReturnsWhenStoppedElsewhere) {
  TestServer t;
  t.router.add("GET", "/x", [](Request&) { return Response::text(200, "ok"); });
  t.server = std::make_unique<Server>(test_options(), t.router);
  std::thread runner([&] { t.server->run_until_signal(); });
  for (int i = 0; i < 1000 && t.server->port() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_NE(t.server->port(), 0);
  t.server->stop();
  runner.join();
}

TEST(Server, ConfigurationAfterStartIsRefused) {
  TestServer t;
  t.router.add("GET", "/x", echo);
  t.start();
  EXPECT_THROW(t.server->use([](Request& r, const Handler& next) { return next(r); }),
               std::logic_error);
  EXPECT_THROW(t.server->start(), std::logic_error);
}

TEST(Server, BindFailureThrows) {
  TestServer first;
  first.router.add("GET", "/x", echo);
  first.start();
  ServerOptions o = test_options();
  o.port = first.port();
  Router router;
  Server second(o, router);
  EXPECT_THROW(second.start(), std::exception);
}

}  // namespace
}  // namespace atrium::http
