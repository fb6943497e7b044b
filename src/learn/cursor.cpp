#include "learn/cursor.hpp"

#include <sodium.h>

#include <charconv>

#include "core/time_format.hpp"
#include "learn/db_values.hpp"
#include "learn/ids.hpp"
#include "learn/validation.hpp"

namespace atrium::learn {

std::string encode_cursor(const Cursor& cursor) {
  const std::string raw = format_iso8601_micros(cursor.at) + "|" + cursor.id;
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<Cursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > 128) return std::nullopt;
  std::string raw(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  raw.resize(len);
  const auto bar = raw.find('|');
  if (bar == std::string::npos) return std::nullopt;
  auto at = parse_iso8601(std::string_view(raw).substr(0, bar));
  auto id = canonical_uuid(std::string_view(raw).substr(bar + 1));
  if (!at || !id) return std::nullopt;
  return Cursor{*at, *id};
}

std::size_t parse_page_limit(const std::optional<std::string>& limit) {
  if (!limit) return 20;
  unsigned n = 0;
  const char* first = limit->data();
  const char* last = first + limit->size();
  auto [ptr, ec] = std::from_chars(first, last, n);
  if (ec != std::errc() || ptr != last || n < 1 || n > 100) {
    invalid("limit", "Must be a whole number from 1 to 100", "query");
  }
  return n;
}

}  // namespace atrium::learn
