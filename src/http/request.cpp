#include "http/request.hpp"

#include "http/cookie.hpp"
#include "http/url_decode.hpp"

namespace atrium::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string key = form_decode(pair.substr(0, eq));
    if (key != name) continue;
    return eq == std::string_view::npos ? std::string{} : form_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  // Node joins repeated Cookie headers with "; " before better-call sees them.
  std::string joined;
  bool any = false;
  for (const auto& [key, value] : headers) {
    if (!iequals(key, "cookie")) continue;
    if (any) joined.append("; ");
    joined.append(value);
    any = true;
  }
  if (!any) return std::nullopt;
  for (auto& [key, value] : parse_cookie_header(joined)) {
    // A structured binding is never moved implicitly; without std::move this copies.
    // cppcheck-suppress returnStdMoveLocal
    if (key == name) return std::move(value);
  }
  return std::nullopt;
}

}  // namespace atrium::http
