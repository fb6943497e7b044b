#include "auth/rate_limit.hpp"

namespace atrium::auth {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string_view strip_trailing_slashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string rate_limit_path(std::string_view request_path, std::string_view base_path) {
  std::string_view path = strip_trailing_slashes(request_path);
  if (path.empty()) path = "/";
  const std::string_view base = strip_trailing_slashes(base_path);
  if (base.empty()) return std::string(path);
  if (path == base) return "/";
  if (path.size() > base.size() && starts_with(path, base) && path[base.size()] == '/') {
    auto rest = strip_trailing_slashes(path.substr(base.size()));
    return rest.empty() ? "/" : std::string(rest);
  }
  return std::string(path);
}

RateLimitRule rate_limit_rule_for(std::string_view path, RateLimitRule defaults) {
  if (starts_with(path, "/sign-in") || starts_with(path, "/sign-up") ||
      starts_with(path, "/change-password") || starts_with(path, "/change-email")) {
    return {10, 3};
  }
  if (path == "/request-password-reset" || path == "/send-verification-email" ||
      starts_with(path, "/forget-password") || path == "/email-otp/send-verification-otp" ||
      path == "/email-otp/request-password-reset") {
    return {60, 3};
  }
  return defaults;
}

std::string rate_limit_key(std::string_view ip, std::string_view path) {
  std::string key(ip.empty() ? std::string_view("no-trusted-ip") : ip);
  key.push_back('|');
  key.append(path);
  return key;
}

std::int64_t retry_after_seconds(std::int64_t last_request_ms, std::int64_t window_seconds,
                                 std::int64_t now_ms) {
  const std::int64_t remaining = last_request_ms + window_seconds * 1000 - now_ms;
  // Math.ceil on a possibly negative number of seconds.
  if (remaining <= 0) return -((-remaining) / 1000);
  return (remaining + 999) / 1000;
}

}  // namespace atrium::auth
