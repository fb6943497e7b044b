#pragma once
// The app tables key rows with UUIDs, stored canonical lower-case (schema.md). Ids from a URL
// are checked before they reach SQL: PostgreSQL would reject a malformed uuid with an error,
// SQLite would merely find nothing, and both must answer the same 404.

#include <optional>
#include <string>
#include <string_view>

namespace atrium::learn {

// The canonical lower-case form of an 8-4-4-4-12 hex UUID (any case accepted), or nullopt.
std::optional<std::string> canonical_uuid(std::string_view text);

}  // namespace atrium::learn
