#pragma once
// Standard base64 as JavaScript's btoa writes it and atob reads it (cookie signatures).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::auth {

// RFC 4648 alphabet with '=' padding, like btoa.
std::string base64_encode(std::span<const unsigned char> bytes);

// atob's forgiving decoder: ASCII whitespace is skipped, one or two trailing '=' are allowed
// when they complete a multiple of four, the unused low bits of the last character are
// ignored. Nullopt where atob throws.
std::optional<std::vector<unsigned char>> base64_decode_forgiving(std::string_view text);

}  // namespace atrium::auth
