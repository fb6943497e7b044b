#include "http/cookie.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace atrium::http {
namespace {

// Browsers cap Max-Age at 400 days; better-call refuses more rather than let it be cut.
constexpr long long kMaxAgeLimit = 34560000;

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  // String.prototype.trim strips more than ASCII space, but a Cookie header is ASCII.
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string serialize(const SetCookie& cookie) {
  // better-call's resolveCookie: the prefixes promise a secure cookie, and __Host- also a
  // host-only cookie on "/"; SameSite=None and Partitioned are refused by browsers without
  // Secure.
  bool secure = cookie.secure;
  std::string_view domain = cookie.domain;
  std::string_view path = cookie.path;
  if (starts_with_ci(cookie.name, "__host-")) {
    secure = true;
    path = "/";
    domain = {};
  } else if (starts_with_ci(cookie.name, "__secure-")) {
    secure = true;
  }
  if (cookie.partitioned || cookie.same_site == SameSite::none) secure = true;

  std::string out;
  out.reserve(cookie.name.size() + cookie.value.size() + 96);
  out.append(cookie.name).append("=").append(cookie.value);
  if (cookie.max_age && *cookie.max_age >= 0) {
    if (*cookie.max_age > kMaxAgeLimit) {
      throw std::invalid_argument(
          "Cookies Max-Age SHOULD NOT be greater than 400 days (34560000 seconds) in duration.");
    }
    out.append("; Max-Age=").append(std::to_string(*cookie.max_age));
  }
  if (!domain.empty()) out.append("; Domain=").append(domain);
  if (!path.empty()) out.append("; Path=").append(path);
  if (!cookie.expires.empty()) out.append("; Expires=").append(cookie.expires);
  if (cookie.http_only) out.append("; HttpOnly");
  if (secure) out.append("; Secure");
  switch (cookie.same_site) {
    case SameSite::none_set:
      break;
    case SameSite::lax:
      out.append("; SameSite=Lax");
      break;
    case SameSite::strict:
      out.append("; SameSite=Strict");
      break;
    case SameSite::none:
      out.append("; SameSite=None");
      break;
  }
  if (cookie.partitioned) out.append("; Partitioned");
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view str) {
  // A transcription of better-call's parseCookies loop, quirks included: a pair without '='
  // is skipped by jumping to the last ';' before the next '=', and a value that starts with
  // a double quote loses its first and last character whatever the last one is.
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t index = 0;
  while (index < str.size()) {
    std::size_t eq = str.find('=', index);
    if (eq == std::string_view::npos) break;
    std::size_t end = str.find(';', index);
    if (end == std::string_view::npos) {
      end = str.size();
    } else if (end < eq) {
      std::size_t semi = str.rfind(';', eq - 1);
      index = semi + 1;  // a ';' exists at or after index, before eq
      continue;
    }
    std::string key(trim(str.substr(index, eq - index)));
    std::string_view val = trim(str.substr(eq + 1, end - eq - 1));
    if (!val.empty() && val.front() == '"') {
      val = val.size() >= 2 ? val.substr(1, val.size() - 2) : std::string_view{};
    }
    std::string value(val);
    if (value.find('%') != std::string::npos) {
      if (auto decoded = decode_uri_component(value)) value = std::move(*decoded);
    }
    pairs.emplace_back(std::move(key), std::move(value));
    index = end + 1;
  }
  return pairs;
}

std::string encode_uri_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::optional<std::string> decode_uri_component(std::string_view text) {
  // ECMAScript's Decode: every escape must be %XX, and escapes of bytes >= 0x80 must spell a
  // whole, well-formed UTF-8 sequence (no overlongs, no surrogates), else URIError.
  std::string out;
  out.reserve(text.size());
  auto escaped_byte = [&](std::size_t at) -> int {
    if (at + 2 >= text.size() || text[at] != '%') return -1;
    int hi = hex_value(text[at + 1]);
    int lo = hex_value(text[at + 2]);
    if (hi < 0 || lo < 0) return -1;
    return hi * 16 + lo;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '%') {
      // Copied a run at a time: a signed cookie is 80 characters with one escape at its end.
      const std::size_t next = std::min(text.find('%', i), text.size());
      out.append(text.data() + i, next - i);
      i = next;
      continue;
    }
    int b = escaped_byte(i);
    if (b < 0) return std::nullopt;
    i += 3;
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      continue;
    }
    int length;
    std::uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      length = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      cp = b & 0x07;
    } else {
      return std::nullopt;
    }
    std::string seq(1, static_cast<char>(b));
    for (int k = 1; k < length; ++k) {
      int cont = escaped_byte(i);
      if (cont < 0 || (cont & 0xC0) != 0x80) return std::nullopt;
      i += 3;
      cp = (cp << 6) | static_cast<std::uint32_t>(cont & 0x3F);
      seq.push_back(static_cast<char>(cont));
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return std::nullopt;
    }
    out += seq;
  }
  return out;
}

}  // namespace atrium::http
