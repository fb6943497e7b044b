#include "auth/unicode.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace atrium::auth {
namespace {

// Decodes one code point at `pos`; an ill-formed sequence yields U+FFFD and advances one byte.
utf8proc_int32_t next_code_point(std::string_view s, std::size_t& pos) {
  utf8proc_int32_t cp = 0;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                                  static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
  if (n <= 0 || cp < 0) {
    pos += 1;
    return 0xFFFD;
  }
  pos += static_cast<std::size_t>(n);
  return cp;
}

std::string well_formed(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto cp = next_code_point(s, pos);
    utf8proc_uint8_t buf[4];
    const auto len = utf8proc_encode_char(cp, buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
  }
  return out;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::string nfkc(std::string_view utf8) {
  // ASCII is its own NFKC; most passwords take this path without an allocation in utf8proc.
  if (is_ascii(utf8)) return std::string(utf8);
  std::string clean = well_formed(utf8);
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
      static_cast<utf8proc_ssize_t>(clean.size()), &out,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
  if (n < 0) return clean;  // cannot happen on well-formed input; keep the text unchanged
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const auto cp = next_code_point(utf8, pos);
    units += cp > 0xFFFF ? 2 : 1;
  }
  return units;
}

bool is_storable_text(std::string_view utf8) {
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    if (utf8[pos] == '\0') return false;
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data() + pos),
                                    static_cast<utf8proc_ssize_t>(utf8.size() - pos), &cp);
    if (n <= 0 || cp < 0) return false;
    pos += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace atrium::auth
