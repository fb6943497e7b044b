#pragma once
// Keyset pagination: a page ends at a (timestamp, id) pair and the next page starts strictly
// after it, so pages stay stable while rows are added and cost the same however deep the
// client goes (no OFFSET). The cursor is opaque to clients: base64url of "<iso>|<uuid>".

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace atrium::learn {

struct Cursor {
  TimePoint at;
  std::string id;  // canonical lower-case UUID
};

std::string encode_cursor(const Cursor& cursor);
// nullopt for anything encode_cursor did not produce (a tampered or truncated cursor).
std::optional<Cursor> decode_cursor(std::string_view text);

// Page size from ?limit=: default 20, 1..100. Throws VALIDATION_ERROR on anything else.
std::size_t parse_page_limit(const std::optional<std::string>& limit);

}  // namespace atrium::learn
