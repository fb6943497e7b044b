#pragma once
// Set-Cookie serialisation exactly as better-call writes it, and Cookie header parsing as it
// reads it (Better Auth compatibility is byte-level here).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atrium::http {

enum class SameSite { none_set, lax, strict, none };

// Every member has a default initializer so designated initializers may name only some
// (GCC's -Wmissing-field-initializers stays quiet then).
struct SetCookie {
  std::string name{};
  std::string value{};  // written as given: the caller encodes (e.g. encodeURIComponent)
  std::optional<long long> max_age{};  // seconds; emitted only when >= 0
  std::string domain{};
  std::string path{};
  std::string expires{};  // an HTTP date, already formatted
  bool http_only = false;
  bool secure = false;
  SameSite same_site = SameSite::none_set;
  bool partitioned = false;
};

// `name=value; Max-Age=N; Domain=D; Path=P; Expires=E; HttpOnly; Secure; SameSite=Lax;
// Partitioned` with absent attributes left out. Secure is forced for __Secure-/__Host-
// names (case-insensitively), SameSite=None and Partitioned, and a __Host- cookie gets
// Path=/ and no Domain, as better-call does. Throws std::invalid_argument for a Max-Age over
// 400 days (34560000 s), as better-call does.
std::string serialize(const SetCookie& cookie);

// better-call's parser: split on ';', trim, strip surrounding double quotes, percent-decode
// values containing '%'; all pairs in order (callers take the first).
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

// JS encodeURIComponent / decodeURIComponent (decode returns nullopt on malformed input).
std::string encode_uri_component(std::string_view text);
std::optional<std::string> decode_uri_component(std::string_view text);

}  // namespace atrium::http
