#include "auth/account_links.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <utility>
#include <vector>

#include "http/url_decode.hpp"

namespace atrium::auth {
namespace {

// URLSearchParams' serialiser (the application/x-www-form-urlencoded byte serializer).
void append_form_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
        c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

// The URL parser's preprocessing: no leading or trailing C0 controls or spaces, no tabs or
// newlines anywhere.
std::string preprocess(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  }
  return out;
}

}  // namespace

std::string form_encode(std::string_view text) {
  std::string out;
  append_form_encoded(out, text);
  return out;
}

std::string api_base_url(const Config& config, std::string_view base_path,
                         const http::Request& request) {
  std::string origin = config.base_url;
  if (origin.empty()) {
    const auto host = request.header("host");
    origin = std::string(request.secure ? "https://" : "http://") +
             std::string(host ? *host : std::string_view("localhost"));
  }
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::string path(base_path);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return origin + path;
}

std::optional<std::string> url_with_query_param(std::string_view base, std::string_view target,
                                                std::string_view key, std::string_view value) {
  const auto base_url = boost::urls::parse_uri(base);
  if (!base_url) return std::nullopt;
  const std::string input = preprocess(target);
  const auto reference = boost::urls::parse_uri_reference(input);
  if (!reference) return std::nullopt;
  boost::urls::url resolved;
  if (!boost::urls::resolve(*base_url, *reference, resolved)) return std::nullopt;
  resolved.normalize_scheme();
  resolved.normalize_authority();

  std::vector<std::pair<std::string, std::string>> params;
  if (resolved.has_query()) {
    std::string_view query = resolved.encoded_query();
    while (!query.empty()) {
      const auto amp = query.find('&');
      const auto item = query.substr(0, amp);
      if (!item.empty()) {
        const auto eq = item.find('=');
        params.emplace_back(
            http::form_decode(item.substr(0, eq)),
            eq == std::string_view::npos ? std::string() : http::form_decode(item.substr(eq + 1)));
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  // searchParams.set: the first pair with the name takes the value, the others go; else append.
  bool set = false;
  std::vector<std::pair<std::string, std::string>> kept;
  for (auto& p : params) {
    if (p.first == key) {
      if (set) continue;
      p.second = std::string(value);
      set = true;
    }
    kept.push_back(std::move(p));
  }
  if (!set) kept.emplace_back(std::string(key), std::string(value));
  std::string query;
  for (const auto& [k, v] : kept) {
    if (!query.empty()) query += '&';
    append_form_encoded(query, k);
    query += '=';
    append_form_encoded(query, v);
  }
  resolved.set_encoded_query(query);
  std::string href(resolved.buffer());
  // A URL with a host always has a path ("http://h" is "http://h/").
  if (resolved.has_authority() && resolved.encoded_path().empty()) {
    href.insert(resolved.scheme().size() + 3 + resolved.encoded_authority().size(), "/");
  }
  return href;
}

}  // namespace atrium::auth
