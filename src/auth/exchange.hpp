#pragma once
// One request to an /api/auth endpoint while it is being handled: the parsed body, the
// cookies and headers the response will carry (queued even when the endpoint then fails, as
// Better Auth sends cookies set before an error), and the session once a middleware has
// resolved it.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth_cookies.hpp"
#include "auth/model.hpp"
#include "http/cookie.hpp"
#include "http/request.hpp"

namespace atrium::auth {

// Thrown where an endpoint answering on the socket thread (Exchange::inline_only) would have to
// wait or write: the request then goes to the worker pool and starts again there.
struct RunOnWorker {};

struct Exchange {
  explicit Exchange(http::Request& r) : request(r) {}

  http::Request& request;
  std::optional<boost::json::value> body;  // nullopt: no body
  std::vector<http::SetCookie> cookies;
  std::vector<std::pair<std::string, std::string>> headers;
  // The signed session-token value an Authorization: Bearer header stands for; it replaces
  // the session cookie for this request, as the bearer plugin does.
  std::optional<std::string> bearer_session_cookie;
  std::optional<SessionWithUser> session;
  // On the socket thread: read only, never wait; anything else throws RunOnWorker.
  bool inline_only = false;
  // The session read already done for this token (through the batcher, before the endpoint
  // ran): the session middleware uses it instead of reading again.
  struct PrefetchedSession {
    std::string token;
    std::optional<SessionWithUser> found;
  };
  std::optional<PrefetchedSession> prefetched;

  // The request's cookies, parsed on first use; the first occurrence of a name wins.
  const RequestCookies& request_cookies() {
    if (!parsed_cookies_) parsed_cookies_ = parse_request_cookies(request);
    return *parsed_cookies_;
  }
  const std::string* request_cookie(std::string_view name) {
    for (const auto& [k, v] : request_cookies()) {
      if (k == name) return &v;
    }
    return nullptr;
  }

  void set_header(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
      if (k == name) {
        v = std::move(value);
        return;
      }
    }
    headers.emplace_back(std::move(name), std::move(value));
  }

 private:
  std::optional<RequestCookies> parsed_cookies_;
};

}  // namespace atrium::auth
