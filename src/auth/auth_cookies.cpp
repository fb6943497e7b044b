#include "auth/auth_cookies.hpp"

#include <algorithm>
#include <charconv>

namespace atrium::auth {
namespace {

bool names_cookie_or_chunk(const std::string& cookie_name, const std::string& name) {
  if (cookie_name == name) return true;
  return cookie_name.size() > name.size() && cookie_name.compare(0, name.size(), name) == 0 &&
         cookie_name[name.size()] == '.';
}

// session-store.mjs parseCookieChunkIndex: "<name>.<n>" with n a canonical non-negative
// integer.
bool is_chunk_of(const std::string& cookie_name, const std::string& name) {
  if (cookie_name.size() <= name.size() + 1 || cookie_name.compare(0, name.size(), name) != 0 ||
      cookie_name[name.size()] != '.') {
    return false;
  }
  const std::string_view suffix = std::string_view(cookie_name).substr(name.size() + 1);
  if (suffix.size() > 1 && suffix.front() == '0') return false;
  unsigned long long index = 0;
  const auto [ptr, ec] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), index);
  return ec == std::errc() && ptr == suffix.data() + suffix.size() &&
         index <= 9007199254740991ULL;  // Number.isSafeInteger
}

}  // namespace

RequestCookies parse_request_cookies(const http::Request& request) {
  std::string joined;
  bool any = false;
  for (const auto& [name, value] : request.headers) {
    if (name.size() != 6) continue;
    std::string lower = name;
    for (auto& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower != "cookie") continue;
    if (any) joined.append("; ");
    joined.append(value);
    any = true;
  }
  if (!any) return {};
  return http::parse_cookie_header(joined);
}

bool use_secure_cookies(const std::string& base_url, bool production) {
  if (!base_url.empty()) return base_url.rfind("https://", 0) == 0;
  return production;
}

AuthCookies::AuthCookies(CookieSettings settings) : settings_(std::move(settings)) {
  const std::string secure_prefix = settings_.secure ? "__Secure-" : "";
  session_token_ = secure_prefix + settings_.prefix + ".session_token";
  session_data_ = secure_prefix + settings_.prefix + ".session_data";
  dont_remember_ = secure_prefix + settings_.prefix + ".dont_remember";
}

http::SetCookie AuthCookies::base(std::string name, std::string value) const {
  // Built in one initializer: assigning "/" to the path afterwards trips GCC 12's -Wrestrict
  // false positive at -O3 (GCC bug 105329).
  return http::SetCookie{.name = std::move(name),
                         .value = std::move(value),
                         .path = "/",
                         .http_only = true,
                         .secure = settings_.secure,
                         .same_site = http::SameSite::lax};
}

http::SetCookie AuthCookies::session_token(std::string encoded_value,
                                           std::optional<long long> max_age) const {
  auto c = base(session_token_, std::move(encoded_value));
  c.max_age = max_age;
  return c;
}

http::SetCookie AuthCookies::dont_remember(std::string encoded_value) const {
  return base(dont_remember_, std::move(encoded_value));
}

void AuthCookies::expire(std::vector<http::SetCookie>& queued, const std::string& name) const {
  std::erase_if(queued,
                [&](const http::SetCookie& c) { return names_cookie_or_chunk(c.name, name); });
  auto c = base(name, "");
  c.max_age = 0;
  queued.push_back(std::move(c));
}

void AuthCookies::expire_session_data_chunks(std::vector<http::SetCookie>& queued,
                                             const RequestCookies& cookies) const {
  std::vector<std::string> seen;
  for (const auto& [name, value] : cookies) {
    if (name != session_data_ && !is_chunk_of(name, session_data_)) continue;
    // A JS object keyed by name: the first occurrence wins, each name once.
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    auto c = base(name, "");
    c.max_age = 0;
    queued.push_back(std::move(c));
  }
}

bool AuthCookies::carries_session_data(const RequestCookies& pairs) const {
  for (const auto& [name, value] : pairs) {
    if (name == session_data_) {  // the first occurrence decides
      if (!value.empty()) return true;
      break;
    }
  }
  for (const auto& [name, value] : pairs) {
    if (is_chunk_of(name, session_data_) && !value.empty()) return true;
  }
  return false;
}

void AuthCookies::delete_session_cookies(std::vector<http::SetCookie>& queued,
                                         const RequestCookies& cookies) const {
  expire(queued, session_token_);
  expire(queued, session_data_);
  expire_session_data_chunks(queued, cookies);
  expire(queued, dont_remember_);
}

}  // namespace atrium::auth
