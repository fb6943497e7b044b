// Callback URLs and origins: Better Auth's URL origin, wildcard patterns and the trusted
// origin check (CSRF Origin/Referer, callbackURL, redirectTo). Input "<url>\n<pattern>".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/origin_matcher.hpp"
#include "auth/trusted_origins.hpp"

using namespace atrium::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const TrustedOrigins trusted("https://app.example.com",
                                      {"https://*.example.org", "http://localhost:3000", "myapp://",
                                       "https://exact.example.net/path?"});
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view url = input.substr(0, newline);
  const std::string_view pattern =
      newline == std::string_view::npos ? std::string_view("*") : input.substr(newline + 1);

  const auto origin = url_origin(url);
  if (origin && origin->empty()) std::abort();
  (void)url_host(url);
  (void)wildcard_match(pattern, url);
  // A safe relative URL is one that starts with exactly one '/'.
  if (is_safe_relative_url(url) &&
      (url.size() < 1 || url[0] != '/' || (url.size() > 1 && url[1] == '/'))) {
    std::abort();
  }
  (void)matches_origin_pattern(url, pattern, true);
  (void)matches_origin_pattern(url, pattern, false);
  (void)trusted.is_trusted(url, true);
  (void)trusted.is_trusted(url, false, "http://127.0.0.1:8000");
  return 0;
}
