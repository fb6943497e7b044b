// The only translation unit that sees Beast and Asio (they are slow to compile and must not
// leak into handlers). One coroutine per connection reads a request, hands it to the worker
// pool, writes the answer and loops, so pipelined requests are answered in order.

#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <csignal>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "core/bounded_executor.hpp"
#include "http/url_decode.hpp"

namespace atrium::http {
// Named rather than anonymous: Server::Impl, which has external linkage, derives from it.
namespace server_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
// After an error answer the client may still be sending; reading (and discarding) for a
// moment before closing keeps the kernel from answering its data with a reset that would
// destroy our response before the client reads it.
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr auto kLingerTime = 1s;

// The context the calling thread runs, on a socket thread (defer_on_socket_thread).
thread_local asio::io_context* this_socket_thread = nullptr;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) {
             return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
           };
           return lower(x) == lower(y);
         });
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Headers the server itself owns: a handler's copy would contradict the framing.
bool is_framing_header(std::string_view name) {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection");
}

std::string peer_address(const tcp::socket& socket) {
  boost::system::error_code ec;
  tcp::endpoint ep = socket.remote_endpoint(ec);
  if (ec) return {};
  asio::ip::address address = ep.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// Moves Set-Cookie values into the header list, where serialisation errors (Max-Age over
// 400 days) still reach the error mapper.
void serialize_cookies(Response& response) {
  for (const SetCookie& cookie : response.cookies) {
    response.headers.emplace_back("Set-Cookie", serialize(cookie));
  }
  response.cookies.clear();
}

class Session;

// Everything the server shares between its threads. Server::Impl is this; it lives here so
// that sessions (in this file) can reach it.
class ServerCore {
 public:
  ServerCore(ServerOptions options, const Router& router)
      : options_(std::move(options)), router_(router) {}
  ~ServerCore() { stop(); }

  void use(Middleware middleware) {
    std::lock_guard lock(mutex_);
    require_not_started("use");
    middleware_.push_back(std::move(middleware));
  }
  void on_complete(CompletionHook hook) {
    std::lock_guard lock(mutex_);
    require_not_started("on_complete");
    hook_ = std::move(hook);
  }
  void set_error_mapper(ErrorMapper mapper) {
    std::lock_guard lock(mutex_);
    require_not_started("set_error_mapper");
    mapper_ = std::move(mapper);
  }

  void start();
  void stop();
  void wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return state_ == State::stopped; });
  }
  void run_until_signal();
  std::uint16_t port() const { return port_.load(); }

  // --- used by sessions ---
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  bool draining() const { return draining_.load(); }
  // Runs middleware, handler and the error mapper; never throws.
  Response invoke(std::size_t route_index, Request& request) const;
  // The same around the route's inline attempt (on the socket thread); request.run_on_worker
  // says whether the answer stands.
  Response invoke_inline(std::size_t route_index, Request& request) const;
  // The middleware around the rest of an asynchronous attempt (on the socket thread);
  // request.run_on_worker says whether the answer stands.
  Response invoke_rest(const Handler& rest, Request& request) const;
  // Asynchronous attempts under way: stop() keeps the socket threads running until each has
  // handed its answer to them.
  void attempt_started();
  void attempt_answered();
  BoundedExecutor& workers_for(std::size_t route_index) {
    return router_.routes()[route_index].options.long_running ? *long_running_workers_ : *workers_;
  }
  bool abandoning() const { return abandoning_.load(); }
  void completed(const Request& request, int status, std::chrono::nanoseconds elapsed) const;
  void session_ended(std::uint64_t id);

 private:
  enum class State { created, running, stopping, stopped };

  Response run_chain(const Handler& chain, Request& request) const;
  void require_not_started(const char* what) const {
    if (state_ != State::created) {
      throw std::logic_error(std::string("http::Server::") + what + " after start()");
    }
  }
  asio::awaitable<void> accept_loop();
  std::vector<std::shared_ptr<Session>> live_sessions();  // caller holds mutex_

  ServerOptions options_;
  const Router& router_;
  std::vector<Middleware> middleware_;
  CompletionHook hook_;
  ErrorMapper mapper_ = map_exception;
  std::vector<Handler> chains_;         // per route index: middleware around the handler
  std::vector<Handler> inline_chains_;  // per route index: around the inline attempt, if any
  std::size_t attempts_under_way_ = 0;  // guarded by mutex_

  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::created;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions_;
  std::uint64_t next_session_id_ = 0;
  std::atomic<std::size_t> connections_{0};
  std::atomic<bool> draining_{false};    // stop() began: finish what is in flight, then close
  std::atomic<bool> abandoning_{false};  // the deadline passed: queued handlers are skipped
  std::atomic<std::uint16_t> port_{0};
  asio::io_context* signal_context_ = nullptr;

  // Declared last: sessions reach the members above while these are torn down.
  std::unique_ptr<BoundedExecutor> workers_;
  std::unique_ptr<BoundedExecutor> long_running_workers_;
  // One context per socket thread, each run by its thread alone: a context shared by several
  // threads makes them contend for its scheduler's lock on every operation. The acceptor lives
  // on the first and deals connections out in turn.
  std::vector<std::unique_ptr<asio::io_context>> ios_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> works_;
  std::size_t next_io_ = 0;  // accept loop only
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::vector<std::thread> io_threads_;
};

// Runs a request on the worker pool and resumes the caller on its own executor (the
// connection's strand) with the response, or with nullopt when the queue refused it.
template <typename Token>
auto async_run_on_workers(ServerCore& core, std::size_t route_index, Request& request,
                          Token&& token) {
  return asio::async_initiate<Token, void(std::optional<Response>)>(
      [&core, route_index, &request](auto handler) {
        auto executor = asio::get_associated_executor(handler);
        // std::function needs a copyable task; the awaitable's handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        bool accepted =
            core.workers_for(route_index)
                .try_submit([&core, route_index, &request, shared, executor] {
                  std::optional<Response> response;
                  if (!core.abandoning()) response = core.invoke(route_index, request);
                  asio::post(executor, [shared, response = std::move(response)]() mutable {
                    (*shared)(std::move(response));
                  });
                });
        if (!accepted) {
          asio::post(executor, [shared]() mutable { (*shared)(std::optional<Response>{}); });
        }
      },
      token);
}

// Starts the route's asynchronous attempt and resumes the caller on its own executor (the
// connection's strand) with the rest of its work (empty: run the handler on the workers).
template <typename Token>
auto async_attempt(ServerCore& core, std::size_t route_index, Request& request, Token&& token) {
  return asio::async_initiate<Token, void(Handler)>(
      [&core, route_index, &request](auto handler) {
        using Completion = decltype(handler);
        struct State {
          explicit State(Completion h) : handler(std::move(h)) {}
          Completion handler;
          std::atomic<bool> answered{false};
        };
        auto executor = asio::get_associated_executor(handler);
        auto state = std::make_shared<State>(std::move(handler));
        core.attempt_started();
        auto deliver = [&core, state, executor](Handler rest) {
          asio::post(executor, [state, rest = std::move(rest)]() mutable {
            state->handler(std::move(rest));
          });
          core.attempt_answered();
        };
        AsyncAnswer answer = [state, deliver](Handler rest) {
          if (state->answered.exchange(true)) {
            spdlog::error("an asynchronous attempt answered more than once");
            return;
          }
          deliver(std::move(rest));
        };
        try {
          core.router().routes()[route_index].options.async_attempt(request, answer);
        } catch (const std::exception& e) {
          spdlog::debug("an asynchronous attempt failed ({}); the workers take over", e.what());
          if (!state->answered.exchange(true)) deliver(nullptr);
        } catch (...) {
          if (!state->answered.exchange(true)) deliver(nullptr);
        }
      },
      token);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& core, std::uint64_t id, tcp::socket socket)
      : core_(core), id_(id), peer_(peer_address(socket)), stream_(std::move(socket)) {
    // Lets write() try a response without suspending; asynchronous operations are unaffected.
    boost::system::error_code ignored;
    stream_.socket().non_blocking(true, ignored);
  }
  ~Session() { core_.session_ended(id_); }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // stop(): a connection waiting for its next request is closed now; one with a request in
  // flight answers it with Connection: close.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.close();
    });
  }
  void force_close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
  }

  static asio::awaitable<void> run(std::shared_ptr<Session> self) { co_await self->loop(); }

 private:
  enum class ReadOutcome { request, closed, answered };

  asio::awaitable<void> loop();
  asio::awaitable<ReadOutcome> read_request(bhttp::request_parser<bhttp::string_body>& parser,
                                            bool first);
  asio::awaitable<void> fail(const boost::system::error_code& ec);
  asio::awaitable<Response> respond(Request& request);
  asio::awaitable<bool> write(Response response, unsigned version, bool keep_alive, bool head_only);
  asio::awaitable<void> answer_and_close(Response response);
  Request make_request(bhttp::request<bhttp::string_body>& message);

  ServerCore& core_;
  std::uint64_t id_;
  std::string peer_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bool idle_ = false;
};

asio::awaitable<void> Session::loop() {
  const ServerOptions& options = core_.options();
  for (bool first = true;; first = false) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(options.max_header_bytes, UINT32_MAX)));
    parser.body_limit(static_cast<std::uint64_t>(options.max_body_bytes));
    if ((co_await read_request(parser, first)) != ReadOutcome::request) co_return;

    auto received = Clock::now();
    bhttp::request<bhttp::string_body> message = parser.release();
    unsigned version = message.version();
    bool keep_alive = message.keep_alive();
    Request request = make_request(message);
    Response response = co_await respond(request);
    if (response.not_before > std::chrono::steady_clock::now()) {
      // A handler's answer that must not leave before a set time waits here, on a timer,
      // rather than holding a worker asleep.
      asio::steady_timer floor(stream_.get_executor(), response.not_before);
      co_await floor.async_wait(use_tuple);
    }

    // A stop() that began meanwhile turns this into the connection's last answer.
    keep_alive = keep_alive && !core_.draining();
    int status = response.status;
    if (!co_await write(std::move(response), version, keep_alive, request.method == "HEAD")) {
      co_return;
    }
    core_.completed(request, status, Clock::now() - received);
    if (!keep_alive) {
      boost::system::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      co_return;
    }
  }
}

// Waits for the next request (idle_timeout between keep-alive requests), then reads its head
// within header_timeout and its body within body_timeout.
asio::awaitable<Session::ReadOutcome> Session::read_request(
    bhttp::request_parser<bhttp::string_body>& parser, bool first) {
  const ServerOptions& options = core_.options();
  // On a new connection the head's deadline runs from the accept: a client that connects and
  // says nothing is a slow head, not an idle keep-alive.
  if (first) stream_.expires_after(options.header_timeout);
  if (buffer_.size() == 0) {
    if (core_.draining()) co_return ReadOutcome::closed;
    if (!first) stream_.expires_after(options.idle_timeout);
    idle_ = true;
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), use_tuple);
    idle_ = false;
    if (ec) co_return ReadOutcome::closed;
    buffer_.commit(n);
  }
  // A request nearly always arrives whole in one read: parse its head straight from the
  // buffer, and wait (within header_timeout) only when the head is still incomplete.
  boost::system::error_code ec;
  while (!parser.is_header_done() && buffer_.size() != 0) {
    std::size_t used = parser.put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) break;
  }
  if (!ec && !parser.is_header_done()) {
    if (!first) stream_.expires_after(options.header_timeout);
    auto [rec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, use_tuple);
    ec = rec;
  }
  if (ec) {
    co_await fail(ec);
    co_return ReadOutcome::answered;
  }
  if (auto length = parser.content_length(); length && *length > options.max_body_bytes) {
    co_await fail(bhttp::error::body_limit);
    co_return ReadOutcome::answered;
  }
  if (!parser.is_done()) {
    // curl and others wait for this before sending a large body.
    auto expect = parser.get().find(bhttp::field::expect);
    if (expect != parser.get().end() && iequals(expect->value(), "100-continue")) {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
      auto [wec, wn] = co_await bhttp::async_write(stream_, go_on, use_tuple);
      if (wec) co_return ReadOutcome::closed;
    }
    stream_.expires_after(options.body_timeout);
    auto [bec, bn] = co_await bhttp::async_read(stream_, buffer_, parser, use_tuple);
    if (bec) {
      co_await fail(bec);
      co_return ReadOutcome::answered;
    }
  }
  stream_.expires_never();
  co_return ReadOutcome::request;
}

asio::awaitable<void> Session::fail(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    co_await answer_and_close(Response::error(413, "Payload Too Large", "PAYLOAD_TOO_LARGE"));
  } else if (ec == bhttp::error::header_limit) {
    co_await answer_and_close(
        Response::error(431, "Request Header Fields Too Large", "REQUEST_HEADER_FIELDS_TOO_LARGE"));
  } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
             ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    co_await answer_and_close(Response::error(400, "Bad Request", "BAD_REQUEST"));
  }
  // Anything else (timeout, reset, the client went away) just closes: no one is listening.
}

asio::awaitable<Response> Session::respond(Request& request) {
  RouteMatch match = core_.router().match(request);
  if (match.route == nullptr) {
    if (match.allowed_methods.empty()) co_return Response::empty(404);
    std::string allow;
    for (const std::string& method : match.allowed_methods) {
      if (!allow.empty()) allow.append(", ");
      allow.append(method);
    }
    Response response = Response::error(405, "Method Not Allowed", "METHOD_NOT_ALLOWED");
    response.header("Allow", std::move(allow));
    co_return response;
  }
  auto index = static_cast<std::size_t>(match.route - core_.router().routes().data());
  if (match.route->options.inline_on_io) co_return core_.invoke(index, request);
  if (match.route->options.inline_attempt) {
    Response answer = core_.invoke_inline(index, request);
    if (!request.run_on_worker) co_return answer;
    request.run_on_worker = false;
  }
  if (match.route->options.async_attempt) {
    Handler rest = co_await async_attempt(core_, index, request, asio::use_awaitable);
    if (rest) {
      Response answer = core_.invoke_rest(rest, request);
      if (!request.run_on_worker) co_return answer;
      request.run_on_worker = false;
    }
  }

  std::optional<Response> response =
      co_await async_run_on_workers(core_, index, request, asio::use_awaitable);
  if (!response) {
    Response busy = Response::error(503, "Service Unavailable", "SERVICE_UNAVAILABLE");
    busy.header("Retry-After", "1");
    co_return busy;
  }
  co_return std::move(*response);
}

// Whitespace around a header value is not part of it (what Beast's fields did on insert).
std::string_view trim_ows(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

void append_header(std::string& head, std::string_view name, std::string_view value) {
  head.append(name);
  head.append(": ");
  head.append(trim_ows(value));
  head.append("\r\n");
}

// The response head as Beast's serializer wrote it (status line with the standard reason,
// the handler's headers in order, Set-Cookie, Content-Length, the Connection header that
// keep_alive() set), built in one string: Beast's generic serializer cost more CPU than the
// rest of a get-session request's I/O together.
std::string render_head(Response& response, int status, unsigned version, bool keep_alive) {
  std::string head;
  head.reserve(256 + response.headers.size() * 48);
  head.append("HTTP/");
  head.push_back(static_cast<char>('0' + version / 10));
  head.push_back('.');
  head.push_back(static_cast<char>('0' + version % 10));
  head.push_back(' ');
  head.append(std::to_string(status));
  head.push_back(' ');
  const auto reason = bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(status)));
  head.append(reason.data(), reason.size());
  head.append("\r\n");
  for (auto& [name, value] : response.headers) {
    if (is_framing_header(name)) continue;
    if (value.find_first_of("\r\n") != std::string::npos ||
        name.find_first_of("\r\n: ") != std::string::npos) {
      spdlog::error("dropping response header \"{}\" with a forbidden character", name);
      continue;
    }
    append_header(head, name, value);
  }
  for (const SetCookie& cookie : response.cookies) {  // only for answers built here
    append_header(head, "Set-Cookie", serialize(cookie));
  }
  // 1xx, 204 and 304 answers have no body, and a Content-Length on them would mislead.
  if (status >= 200 && status != 204 && status != 304) {
    append_header(head, "Content-Length", std::to_string(response.body.size()));
  }
  if (version >= 11) {
    if (!keep_alive) append_header(head, "Connection", "close");
  } else if (keep_alive) {
    append_header(head, "Connection", "keep-alive");
  }
  head.append("\r\n");
  return head;
}

asio::awaitable<bool> Session::write(Response response, unsigned version, bool keep_alive,
                                     bool head_only) {
  int status = response.status;
  if (status < 100 || status > 999) {
    spdlog::error("handler answered with invalid status {}", status);
    response = Response::error(500, "Internal Server Error", "INTERNAL_SERVER_ERROR");
    status = 500;
  }
  const std::string head = render_head(response, status, version, keep_alive);
  std::array<asio::const_buffer, 2> buffers{
      asio::buffer(head), head_only ? asio::const_buffer{} : asio::buffer(response.body)};
  const std::size_t total = buffers[0].size() + buffers[1].size();

  // A small answer nearly always fits the socket's send buffer: try it at once, without
  // arming the write deadline or suspending, and fall back to an asynchronous write (bounded
  // by body_timeout) for whatever the kernel did not take.
  boost::system::error_code ec;
  std::size_t written = stream_.socket().write_some(buffers, ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) co_return false;
  if (ec) written = 0;
  if (written == total) co_return true;

  std::array<asio::const_buffer, 2> rest = buffers;
  if (written < rest[0].size()) {
    rest[0] += written;
  } else {
    rest[1] += written - rest[0].size();
    rest[0] = asio::const_buffer{};
  }
  stream_.expires_after(core_.options().body_timeout);
  auto [wec, n] = co_await asio::async_write(stream_, rest, use_tuple);
  stream_.expires_never();
  co_return !wec;
}

asio::awaitable<void> Session::answer_and_close(Response response) {
  if (!co_await write(std::move(response), 11, false, false)) co_return;
  boost::system::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(kLingerTime);
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    buffer_.clear();
    auto [rec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), use_tuple);
    if (rec) break;
    drained += n;
  }
}

Request Session::make_request(bhttp::request<bhttp::string_body>& message) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  // Absolute-form ("http://host/path"), as sent to proxies: keep the origin-form part.
  if (!request.target.empty() && request.target.front() != '/') {
    std::size_t scheme = request.target.find("://");
    if (scheme != std::string::npos) {
      std::size_t slash = request.target.find('/', scheme + 3);
      request.target = slash == std::string::npos ? "/" : request.target.substr(slash);
    }
  }
  std::string_view target = request.target;
  std::size_t question = target.find('?');
  request.path = percent_decode(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    request.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.client_address = peer_;
  return request;
}

// --- ServerCore ---

Response ServerCore::invoke(std::size_t route_index, Request& request) const {
  return run_chain(chains_[route_index], request);
}

Response ServerCore::invoke_inline(std::size_t route_index, Request& request) const {
  return run_chain(inline_chains_[route_index], request);
}

Response ServerCore::invoke_rest(const Handler& rest, Request& request) const {
  Handler chain = std::cref(rest);  // the rest's captures are not copied
  for (auto it = middleware_.rbegin(); it != middleware_.rend(); ++it) {
    chain = [&middleware = *it, next = std::move(chain)](Request& r) {
      return middleware(r, next);
    };
  }
  return run_chain(chain, request);
}

void ServerCore::attempt_started() {
  std::lock_guard lock(mutex_);
  ++attempts_under_way_;
}

void ServerCore::attempt_answered() {
  {
    std::lock_guard lock(mutex_);
    --attempts_under_way_;
  }
  changed_.notify_all();
}

Response ServerCore::run_chain(const Handler& chain, Request& request) const {
  Response response;
  try {
    response = chain(request);
    serialize_cookies(response);
  } catch (...) {
    try {
      response = mapper_(std::current_exception());
      serialize_cookies(response);
    } catch (const std::exception& e) {
      spdlog::error("the error mapper failed: {}", e.what());
      response = Response::error(500, "Internal Server Error", "INTERNAL_SERVER_ERROR");
    } catch (...) {
      spdlog::error("the error mapper failed");
      response = Response::error(500, "Internal Server Error", "INTERNAL_SERVER_ERROR");
    }
  }
  return response;
}

void ServerCore::completed(const Request& request, int status,
                           std::chrono::nanoseconds elapsed) const {
  if (!hook_) return;
  try {
    hook_(request, status, elapsed);
  } catch (const std::exception& e) {
    spdlog::error("completion hook failed: {}", e.what());
  } catch (...) {
    spdlog::error("completion hook failed");
  }
}

void ServerCore::session_ended(std::uint64_t id) {
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
    connections_.fetch_sub(1);
  }
  changed_.notify_all();
}

std::vector<std::shared_ptr<Session>> ServerCore::live_sessions() {
  std::vector<std::shared_ptr<Session>> live;
  live.reserve(sessions_.size());
  for (auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

asio::awaitable<void> ServerCore::accept_loop() {
  for (;;) {
    asio::io_context& io = *ios_[next_io_++ % ios_.size()];
    auto [ec, socket] = co_await acceptor_->async_accept(io.get_executor(), use_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_->is_open()) co_return;
      // Out of descriptors or similar: back off instead of spinning on the error.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer pause(*ios_.front(), 50ms);
      co_await pause.async_wait(use_tuple);
      continue;
    }
    if (draining_ || connections_.load() >= options_.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    std::shared_ptr<Session> session;
    {
      std::lock_guard lock(mutex_);
      std::uint64_t id = next_session_id_++;
      session = std::make_shared<Session>(*this, id, std::move(socket));
      sessions_.emplace(id, session);
      connections_.fetch_add(1);
    }
    asio::co_spawn(session->executor(), Session::run(session), asio::detached);
  }
}

void ServerCore::start() {
  std::lock_guard lock(mutex_);
  require_not_started("start");

  chains_.clear();
  inline_chains_.clear();
  auto wrap = [this](Handler chain) {
    for (auto it = middleware_.rbegin(); it != middleware_.rend(); ++it) {
      chain = [middleware = *it, next = std::move(chain)](Request& request) {
        return middleware(request, next);
      };
    }
    return chain;
  };
  for (const Route& route : router_.routes()) {
    chains_.push_back(wrap(route.handler));
    inline_chains_.push_back(route.options.inline_attempt ? wrap(route.options.inline_attempt)
                                                          : Handler{});
  }

  std::vector<std::unique_ptr<asio::io_context>> ios;
  for (unsigned i = 0; i < std::max(1u, options_.io_threads); ++i) {
    ios.push_back(std::make_unique<asio::io_context>(1));
  }
  asio::io_context& io = *ios.front();
  auto acceptor = std::make_unique<tcp::acceptor>(io);
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  tcp::endpoint endpoint;
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    tcp::resolver resolver(io);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port));
    endpoint = results.begin()->endpoint();
  }
  acceptor->open(endpoint.protocol());
  acceptor->set_option(asio::socket_base::reuse_address(true));
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    // "::" serves IPv4 too whatever the system default (peers then show as v4-mapped, which
    // client_address undoes).
    boost::system::error_code ignored;
    acceptor->set_option(asio::ip::v6_only(false), ignored);
  }
  acceptor->bind(endpoint);
  acceptor->listen(asio::socket_base::max_listen_connections);
  port_ = acceptor->local_endpoint().port();

  workers_ = std::make_unique<BoundedExecutor>("http-worker", options_.worker_threads,
                                               options_.worker_queue);
  long_running_workers_ = std::make_unique<BoundedExecutor>(
      "http-long-worker", options_.long_running_threads, options_.long_running_queue);
  ios_ = std::move(ios);
  acceptor_ = std::move(acceptor);
  for (auto& context : ios_) works_.push_back(asio::make_work_guard(*context));
  asio::co_spawn(*ios_.front(), accept_loop(), asio::detached);
  for (auto& context : ios_) {
    io_threads_.emplace_back([context = context.get()] {
      this_socket_thread = context;
      for (;;) {
        try {
          context->run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http I/O thread: {}", e.what());
        }
      }
    });
  }
  state_ = State::running;
}

void ServerCore::stop() {
  std::unique_lock lock(mutex_);
  switch (state_) {
    case State::created:
      state_ = State::stopped;
      changed_.notify_all();
      return;
    case State::stopping:
      changed_.wait(lock, [&] { return state_ == State::stopped; });
      return;
    case State::stopped:
      return;
    case State::running:
      break;
  }
  state_ = State::stopping;
  if (signal_context_ != nullptr) signal_context_->stop();
  draining_ = true;
  auto deadline = Clock::now() + options_.shutdown_deadline;

  auto live = live_sessions();
  lock.unlock();
  asio::post(*ios_.front(), [this] {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
  });
  for (auto& session : live) session->close_if_idle();
  live.clear();  // outside the lock: the last reference runs ~Session, which takes it
  lock.lock();
  changed_.wait_until(lock, deadline, [&] { return sessions_.empty(); });

  if (!sessions_.empty()) {
    spdlog::warn("http: {} connection(s) still busy at the shutdown deadline; closing them",
                 sessions_.size());
  }
  abandoning_ = true;
  live = live_sessions();
  lock.unlock();
  for (auto& session : live) session->force_close();
  live.clear();
  // Handlers already running finish; queued ones are skipped and hand back nothing.
  workers_->shutdown();
  long_running_workers_->shutdown();
  lock.lock();
  // Like running handlers, attempts under way finish: their answers need the socket threads.
  changed_.wait(lock, [&] { return attempts_under_way_ == 0; });
  changed_.wait_for(lock, 2s, [&] { return sessions_.empty(); });
  lock.unlock();

  works_.clear();
  for (auto& context : ios_) context->stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  acceptor_.reset();
  ios_.clear();  // destroys what is left of unfinished connections

  lock.lock();
  state_ = State::stopped;
  changed_.notify_all();
}

void ServerCore::run_until_signal() {
  start();
  asio::io_context signals_context;
  asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code& ec, int signal) {
    if (!ec) spdlog::info("received signal {}, shutting down", signal);
  });
  bool wait_for_signal = false;
  {
    std::lock_guard lock(mutex_);
    // A stop() from elsewhere before this point has already finished: don't wait for a signal.
    wait_for_signal = state_ == State::running;
    if (wait_for_signal) signal_context_ = &signals_context;
  }
  if (wait_for_signal) signals_context.run();
  {
    std::lock_guard lock(mutex_);
    signal_context_ = nullptr;
  }
  stop();
}

}  // namespace server_detail

struct Server::Impl : server_detail::ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

void Server::use(Middleware middleware) {
  impl_->use(std::move(middleware));
}
void Server::on_complete(CompletionHook hook) {
  impl_->on_complete(std::move(hook));
}
void Server::set_error_mapper(ErrorMapper mapper) {
  impl_->set_error_mapper(std::move(mapper));
}
void Server::start() {
  impl_->start();
}
std::uint16_t Server::port() const {
  return impl_->port();
}
void Server::stop() {
  impl_->stop();
}
void Server::wait() {
  impl_->wait();
}
void Server::run_until_signal() {
  impl_->run_until_signal();
}

bool defer_on_socket_thread(std::function<void()> task) {
  auto* context = server_detail::this_socket_thread;
  if (context == nullptr || context->stopped()) return false;
  boost::asio::post(*context, std::move(task));
  return true;
}

}  // namespace atrium::http
