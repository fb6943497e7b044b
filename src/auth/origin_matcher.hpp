#pragma once
// Better Auth's trusted-origin matching (auth/trusted-origins.mjs matchesOriginPattern): the
// Origin/Referer CSRF check and the callbackURL/redirectTo validation both go through it.

#include <optional>
#include <string>
#include <string_view>

namespace atrium::auth {

// JavaScript `new URL(url).origin` for the URLs that have one ("http://host[:port]" with the
// scheme and host lower-cased and the default port dropped); nullopt when the text does not
// parse or the origin is opaque ("null").
std::optional<std::string> url_origin(std::string_view url);

// `new URL(url).host` ("host[:port]"), nullopt when it does not parse.
std::optional<std::string> url_host(std::string_view url);

// wildcard-match without separators, as Better Auth uses it: '*' any run, '?' one character,
// '\' escapes the next one. Linear-time backtracking, safe on long input.
bool wildcard_match(std::string_view pattern, std::string_view text);

// A root-relative URL that no browser or router could read as another origin: starts with
// one '/', no '\', no control characters, no encoded '/' or '\' in the path.
bool is_safe_relative_url(std::string_view value);

// matchesOriginPattern(url, pattern, {allowRelativePaths}).
bool matches_origin_pattern(std::string_view url, std::string_view pattern,
                            bool allow_relative_paths);

}  // namespace atrium::auth
