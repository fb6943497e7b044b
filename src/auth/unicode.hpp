#pragma once
// The two pieces of JavaScript string semantics that Better Auth's password rules depend on:
// String.prototype.normalize("NFKC") and String.prototype.length (UTF-16 code units).

#include <cstddef>
#include <string>
#include <string_view>

namespace atrium::auth {

// NFKC of UTF-8 text, as JS normalize("NFKC") then UTF-8 encoding. Ill-formed sequences
// become U+FFFD first, which is what Node does when it encodes such a string.
std::string nfkc(std::string_view utf8);

// The number of UTF-16 code units the text has in JavaScript (code points above U+FFFF count
// twice); ill-formed bytes count as one U+FFFD each.
std::size_t utf16_length(std::string_view utf8);

// Well-formed UTF-8 without surrogates or NUL: what both databases store as text (PostgreSQL
// refuses the others outright).
bool is_storable_text(std::string_view utf8);

}  // namespace atrium::auth
