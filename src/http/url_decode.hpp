#pragma once
// Lenient percent-decoding for paths and query strings, as the WHATWG URL parser does it:
// a '%' not followed by two hex digits stays as it is (unlike decodeURIComponent, which
// refuses such input).

#include <string>
#include <string_view>

namespace atrium::http {

// Percent-decodes every valid %XX escape; anything else is copied unchanged.
std::string percent_decode(std::string_view text);

// application/x-www-form-urlencoded: '+' is a space, then percent_decode.
std::string form_decode(std::string_view text);

}  // namespace atrium::http
