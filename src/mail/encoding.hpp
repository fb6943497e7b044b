#pragma once
// The MIME encodings a message needs (RFC 2045, RFC 2047): bodies as quoted-printable, the
// subject and display names as encoded words when they are not plain ASCII.

#include <string>
#include <string_view>

namespace atrium::mail {

// Quoted-printable with CRLF line ends and soft breaks so no line exceeds 76 characters.
// Bare LF and CR in the input become CRLF.
std::string quoted_printable(std::string_view text);

// Standard base64 with padding, no line breaks.
std::string base64(std::string_view bytes);

// A header value that may hold any UTF-8: returned as is when it is printable ASCII,
// otherwise as RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters joined by CRLF SP
// (folding), never splitting a UTF-8 sequence. `first_line_used` is how many characters of
// the first line the header name already takes.
std::string encode_header_text(std::string_view text, std::size_t first_line_used);

bool is_printable_ascii(std::string_view text);

}  // namespace atrium::mail
