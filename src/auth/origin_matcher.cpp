#include "auth/origin_matcher.hpp"

#include <arpa/inet.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <vector>

#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

bool is_control(unsigned char c) {
  return c <= 0x1f || c == 0x7f;
}

// U+0080..U+009F as UTF-8 (C2 80..C2 9F), which the JS pattern [\u007f-\u009f] also rejects.
bool has_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_control(c)) return true;
    if (c == 0xC2 && i + 1 < s.size()) {
      const auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9f) return true;
    }
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// What the WHATWG URL parser does before parsing: strip leading/trailing C0 controls and
// spaces, remove tabs and newlines anywhere.
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

struct ParsedUrl {
  std::string scheme;  // lower case, without ':'
  std::string host;    // lower case; IPv6 in brackets
  std::string port;    // empty when absent or the scheme's default
  bool special = false;
};

std::string_view default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return "80";
  if (scheme == "https" || scheme == "wss") return "443";
  if (scheme == "ftp") return "21";
  return {};
}

std::optional<ParsedUrl> parse_url(std::string_view text) {
  const std::string input = preprocess(text);
  auto r = boost::urls::parse_uri(input);
  if (!r) return std::nullopt;
  const boost::urls::url_view& u = *r;
  ParsedUrl p;
  p.scheme = lower(u.scheme());
  p.special = p.scheme == "http" || p.scheme == "https" || p.scheme == "ws" || p.scheme == "wss" ||
              p.scheme == "ftp" || p.scheme == "file";
  if (p.special && p.scheme != "file") {
    // Special URLs need a host; "http:foo" and "http:///x" are not what a browser sends.
    if (!u.has_authority() || u.encoded_host().empty()) return std::nullopt;
  }
  if (u.has_authority()) {
    p.host = lower(std::string_view(u.encoded_host_address()));
    if (u.host_type() == boost::urls::host_type::ipv6) p.host = "[" + p.host + "]";
    if (u.has_port()) {
      std::string port(u.port());
      // "http://h:0080" has port 80: drop leading zeros as the URL parser does.
      while (port.size() > 1 && port.front() == '0') port.erase(port.begin());
      if (port.empty()) return std::nullopt;
      if (port.size() > 5 || std::stoul(port) > 65535) return std::nullopt;
      if (port != default_port(p.scheme)) p.port = port;
    }
  }
  return p;
}

std::string_view host_part(std::string_view authority) {
  return authority.substr(0, authority.find(':'));
}

bool is_ipv4(std::string_view host) {
  const std::string s(host);
  unsigned char buf[4];
  return inet_pton(AF_INET, s.c_str(), buf) == 1;
}

// A wildcard host made only of digits, dots and wildcards names an address range: it admits
// only an IPv4 address (so "192.168.*" cannot match "192.168.attacker.com").
bool is_allowed_ipv4_host(std::string_view pattern_authority, std::string_view authority) {
  const auto pattern_host = host_part(pattern_authority);
  bool has_digit = false;
  for (char c : pattern_host) {
    if (c >= '0' && c <= '9') {
      has_digit = true;
    } else if (c != '*' && c != '?' && c != '.') {
      return true;
    }
  }
  if (!has_digit || pattern_host.empty()) return true;
  return is_ipv4(host_part(authority));
}

std::string normalize_path(std::string_view path) {
  std::string decoded(path);
  if (auto d = http::decode_uri_component(path)) decoded = std::move(*d);
  std::vector<std::string_view> segments;
  std::string_view rest = decoded;
  while (true) {
    const auto slash = rest.find('/');
    const auto seg = rest.substr(0, slash);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (seg != "." && !seg.empty()) {
      segments.push_back(seg);
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::string out;
  for (auto s : segments) out.append("/").append(s);
  return out;
}

struct CustomOrigin {
  std::string scheme;
  std::string authority;
  std::string path;
};

std::optional<CustomOrigin> parse_custom_scheme_origin(std::string_view value, bool wildcard) {
  if (has_control(value)) return std::nullopt;
  const auto scheme_end = value.find(':');
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  CustomOrigin o;
  o.scheme = lower(value.substr(0, scheme_end));
  std::string_view rest = value.substr(scheme_end + 1);
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    const auto end = rest.find_first_of(wildcard ? "/#" : "/?#");
    o.authority = lower(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  const auto path_end = rest.find_first_of(wildcard ? "#" : "?#");
  o.path = normalize_path(rest.substr(0, path_end));
  return o;
}

std::string origin_of(const ParsedUrl& p) {
  std::string out = p.scheme + "://" + p.host;
  if (!p.port.empty()) out += ":" + p.port;
  return out;
}

}  // namespace

std::optional<std::string> url_origin(std::string_view url) {
  const auto p = parse_url(url);
  if (!p || !p->special || p->scheme == "file") return std::nullopt;
  return origin_of(*p);
}

std::optional<std::string> url_host(std::string_view url) {
  const auto p = parse_url(url);
  if (!p) return std::nullopt;
  return p->port.empty() ? p->host : p->host + ":" + p->port;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // Tokenise the pattern first so escapes are resolved once.
  struct Token {
    enum Kind { literal, any_one, any_run } kind;
    char c;
  };
  std::vector<Token> tokens;
  tokens.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size()) tokens.push_back({Token::literal, pattern[++i]});
    } else if (c == '?') {
      tokens.push_back({Token::any_one, 0});
    } else if (c == '*') {
      tokens.push_back({Token::any_run, 0});
    } else {
      tokens.push_back({Token::literal, c});
    }
  }
  // The classic two-pointer glob: remember the last '*' and retry from one character later.
  std::size_t t = 0, s = 0;
  std::size_t star = std::string_view::npos, star_s = 0;
  while (s < text.size()) {
    if (t < tokens.size() && tokens[t].kind == Token::any_run) {
      star = t++;
      star_s = s;
    } else if (t < tokens.size() &&
               (tokens[t].kind == Token::any_one ||
                (tokens[t].kind == Token::literal && tokens[t].c == text[s]))) {
      ++t;
      ++s;
    } else if (star != std::string_view::npos) {
      t = star + 1;
      s = ++star_s;
    } else {
      return false;
    }
  }
  while (t < tokens.size() && tokens[t].kind == Token::any_run) ++t;
  return t == tokens.size();
}

bool is_safe_relative_url(std::string_view value) {
  if (value.empty() || value.front() != '/' || value.substr(0, 2) == "//" ||
      value.find('\\') != std::string_view::npos || has_control(value)) {
    return false;
  }
  const auto path = value.substr(0, value.find_first_of("?#"));
  for (std::size_t i = 0; i + 2 < path.size(); ++i) {
    if (path[i] != '%') continue;
    const char a = path[i + 1];
    const char b = static_cast<char>(path[i + 2] | 0x20);
    if ((a == '2' && b == 'f') || (a == '5' && b == 'c')) return false;
  }
  // Past these checks, resolving against any origin keeps that origin.
  return true;
}

bool matches_origin_pattern(std::string_view url, std::string_view pattern,
                            bool allow_relative_paths) {
  if (!url.empty() && url.front() == '/') return allow_relative_paths && is_safe_relative_url(url);
  const bool has_wildcard = pattern.find_first_of("*?") != std::string_view::npos;
  const bool pattern_has_scheme = pattern.find("://") != std::string_view::npos;
  if (has_wildcard && !pattern_has_scheme) {
    const auto host = url_host(url);
    if (!host) return false;
    return wildcard_match(pattern, *host) && is_allowed_ipv4_host(pattern, *host);
  }
  const auto parsed = parse_url(url);
  if (!parsed || parsed->scheme == "http" || parsed->scheme == "https") {
    const auto origin = url_origin(url);
    if (!origin) return false;
    if (!has_wildcard) return pattern == *origin;
    if (!wildcard_match(pattern, *origin)) return false;
    return is_allowed_ipv4_host(pattern.substr(pattern.find("://") + 3),
                                std::string_view(*origin).substr(origin->find("://") + 3));
  }
  const auto u = parse_custom_scheme_origin(url, false);
  const auto p = parse_custom_scheme_origin(pattern, has_wildcard);
  if (!u || !p || u->scheme != p->scheme) return false;
  if (has_wildcard) {
    if (u->authority.find('@') != std::string::npos) return false;
    if (!p->authority.empty() && !(wildcard_match(p->authority, u->authority) &&
                                   is_allowed_ipv4_host(p->authority, u->authority))) {
      return false;
    }
    return p->path.empty() || wildcard_match(p->path, u->path.empty() ? "/" : u->path);
  }
  if (!p->authority.empty() && u->authority != p->authority) return false;
  if (p->path.empty()) return true;
  return u->path == p->path || u->path.rfind(p->path + "/", 0) == 0;
}

}  // namespace atrium::auth
