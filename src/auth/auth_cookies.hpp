#pragma once
// Better Auth's cookies: names (<__Secure-><prefix>.<name>), attributes, and exactly where
// they are set and expired (cookies/index.mjs). Better Auth reads only the exact configured
// name, never the other __Secure- variant.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/cookie.hpp"
#include "http/request.hpp"

namespace atrium::auth {

// The request's cookies in order as better-call parses them (every Cookie header joined with
// "; ", as Node joins them); parsed once per request.
using RequestCookies = std::vector<std::pair<std::string, std::string>>;
RequestCookies parse_request_cookies(const http::Request& request);

struct CookieSettings {
  std::string prefix = "better-auth";  // advanced.cookiePrefix
  bool secure = false;                 // the __Secure- prefix and the Secure attribute
  long long session_max_age = 604800;  // session.expiresIn
};

// Better Auth's decision: a static baseURL decides by its scheme; without one, production
// decides.
bool use_secure_cookies(const std::string& base_url, bool production);

class AuthCookies {
 public:
  explicit AuthCookies(CookieSettings settings);

  const std::string& session_token_name() const { return session_token_; }
  const std::string& session_data_name() const { return session_data_; }
  const std::string& dont_remember_name() const { return dont_remember_; }
  const CookieSettings& settings() const { return settings_; }

  // The session cookie with an already signed and encoded value; no Max-Age makes it a
  // browser-session cookie (rememberMe: false).
  http::SetCookie session_token(std::string encoded_value, std::optional<long long> max_age) const;
  http::SetCookie dont_remember(std::string encoded_value) const;

  // expireCookie(): drops Set-Cookie entries already queued for `name` (or its chunks
  // "<name>.<n>") and queues "<name>=; Max-Age=0" with the base attributes.
  void expire(std::vector<http::SetCookie>& queued, const std::string& name) const;

  // sessionStore.clean(): expires every session_data cookie (or chunk) the request carried,
  // without touching what is queued.
  void expire_session_data_chunks(std::vector<http::SetCookie>& queued,
                                  const RequestCookies& cookies) const;

  // getChunkedCookie(session_data) is non-empty: the request carries a cookie cache (the
  // cookie itself or its chunks), which get-session expires because the cache is off.
  bool carries_session_data(const RequestCookies& cookies) const;

  // deleteSessionCookie(): session_token, session_data (and the request's chunks of it),
  // dont_remember.
  void delete_session_cookies(std::vector<http::SetCookie>& queued,
                              const RequestCookies& cookies) const;

 private:
  http::SetCookie base(std::string name, std::string value) const;

  CookieSettings settings_;
  std::string session_token_;
  std::string session_data_;
  std::string dont_remember_;
};

}  // namespace atrium::auth
