#pragma once
// A small blocking HTTP/1.1 client for tests of every layer, and raw-socket helpers for tests
// of the server itself (slow heads, pipelining, limits). Every wait is bounded, so a server
// that misbehaves fails a test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  int status = 0;
  HeaderList headers;  // in the order received, names as sent
  std::string body;

  // The first header with that name, case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  // Every header with that name (e.g. each Set-Cookie), in order.
  std::vector<std::string> headers_named(std::string_view name) const;
};

// One TCP connection to 127.0.0.1:<port>, spoken to in raw bytes.
class RawConnection {
 public:
  // Throws std::runtime_error when the connection cannot be made.
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // False when the bytes could not be written (the server closed the connection).
  bool send(std::string_view bytes);
  // The next complete response; nullopt when the connection closed, failed or `timeout`
  // passed first. `head` says it answers a HEAD request (no body follows the headers).
  std::optional<HttpReply> read_reply(bool head = false,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Reads and discards until the server closes the connection: true when it did (end of
  // stream or reset), false when `timeout` passed with the connection still open.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Whatever the server sent until it closed the connection (or `timeout` passed).
  std::string read_until_closed(std::chrono::milliseconds timeout = std::chrono::seconds(15));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The bytes of one HTTP/1.1 request: Host is added, and Content-Length when there is a body
// (or the method is POST, PUT or PATCH) unless the caller gave Content-Length or
// Transfer-Encoding.
std::string format_request(std::string_view method, std::string_view target,
                           std::string_view body = {}, const HeaderList& headers = {});

// One keep-alive connection to 127.0.0.1:<port>; reconnects after a response that closed it.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();

  // Throws std::runtime_error when no complete response arrives.
  HttpReply request(std::string_view method, std::string_view target, std::string body = {},
                    HeaderList headers = {});
  HttpReply get(std::string_view target, HeaderList headers = {});
  HttpReply post_json(std::string_view target, std::string json, HeaderList headers = {});

 private:
  std::uint16_t port_;
  std::unique_ptr<RawConnection> connection_;
};

// While alive, keeps Asio's handler installed for these signals (Asio restores the default
// disposition when its last signal_set for a signal goes away), so a test can send SIGTERM to
// its own process for Server::run_until_signal without risking the default action.
class SignalAbsorber {
 public:
  explicit SignalAbsorber(std::vector<int> signals);
  ~SignalAbsorber();
  SignalAbsorber(const SignalAbsorber&) = delete;
  SignalAbsorber& operator=(const SignalAbsorber&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace atrium::testing
