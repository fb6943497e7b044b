#pragma once
// The HTTP/1.1 server (Boost.Beast + Asio, which stay inside http/). Owns sockets, parsing,
// keep-alive, limits and timeouts; hands handlers an http::Request on a bounded worker pool
// and writes back their http::Response. A full worker queue answers 503.
//
// Per connection one request at a time: pipelined requests are answered in order. Answers the
// server makes itself: 404 with an empty body (no route), 405 with Allow (path matched, method
// not), 413 (body over max_body_bytes, by Content-Length or while reading chunks), 431 (head
// over max_header_bytes), 400 (unparseable), 503 with Retry-After: 1 (queue full); after
// 400/413/431 the connection closes. A timeout closes the connection without an answer.
// Every response has Content-Length except 1xx, 204 and 304, where HTTP forbids it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace atrium::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;  // 0 picks a free port (tests); see Server::port()
  unsigned io_threads = 1;
  unsigned worker_threads = 16;             // handlers may block on the database
  unsigned long_running_threads = 16;       // for RouteOptions::long_running routes
  std::size_t worker_queue = 1024;          // the quick routes' workers; beyond this: 503
  std::size_t long_running_queue = 1024;    // the long-running routes' workers; beyond: 503
  std::size_t max_body_bytes = 1 << 20;     // beyond this: 413
  std::size_t max_header_bytes = 16 << 10;  // beyond this: 431
  std::size_t max_connections = 10000;      // beyond this new connections are closed at once
  // The whole head must arrive within header_timeout of its first byte (of the accept, on a
  // new connection), so a client dripping header lines cannot hold a connection open.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};  // the whole body; also bounds each write
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive between requests
  std::chrono::milliseconds shutdown_deadline{10000};
};

// Called after every response is written (metrics): the matched template ("" when none),
// the request, the response status and the time from request-complete to response-written.
// Runs on a socket thread, so it must be cheap and never block. Not called for requests that
// were never read whole (400, 413, 431, timeouts).
using CompletionHook =
    std::function<void(const Request&, int status, std::chrono::nanoseconds elapsed)>;

// Wraps every routed handler call, in registration order, outermost first (CORS). It may
// answer itself or call next. It also wraps a route's inline attempt, and runs again around the
// handler when the attempt hands the request to the worker pool: it must have no side effects.
using Middleware = std::function<Response(Request&, const Handler& next)>;

// Turns an exception escaping a handler or middleware (or a Set-Cookie that cannot be
// serialised) into a response, on the worker. The default maps atrium::Error through
// core/error's table into {"message","code"} — for ErrorKind::internal the message and code
// become "Internal Server Error" / INTERNAL_SERVER_ERROR and the original is logged — and
// anything else to a logged 500. A mapper that throws yields that same 500.
using ErrorMapper = std::function<Response(std::exception_ptr)>;

class Server {
 public:
  // The router is used by reference: keep it alive, and unchanged once start() is called.
  Server(ServerOptions options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Configuration, before start() only (std::logic_error after).
  void use(Middleware middleware);
  void on_complete(CompletionHook hook);
  void set_error_mapper(ErrorMapper mapper);

  // Binds and starts the I/O and worker threads; returns once listening. Throws on bind failure.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish within shutdown_deadline (their responses
  // say Connection: close), closes idle keep-alive connections at once, then closes what is
  // left, waits for running handlers and joins the threads. Idempotent; safe from any thread
  // except the server's own (a handler or the completion hook), which it would wait for.
  void stop();
  // Blocks until stop() has completed (e.g. from a signal handler thread).
  void wait();
  // start(), then block until SIGINT or SIGTERM, then stop(). Returns normally.
  void run_until_signal();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The default ErrorMapper.
Response map_exception(const std::exception_ptr& error);

// Runs `task` on the calling socket thread once the work already waiting there is done: every
// request read in this turn of its event loop has been started, so an asynchronous attempt
// can gather what those requests need and fetch it for all of them at once (db::GroupedReads).
// False, and `task` is not run, when the caller is not a socket thread of a running server. A
// task still waiting when the server stops is destroyed without running: defer only what an
// unanswered asynchronous attempt waits for, since stop() waits for those.
bool defer_on_socket_thread(std::function<void()> task);

}  // namespace atrium::http
