#pragma once
// Times in Better Auth's tables, one encoding for both dialects: ISO-8601 UTC text with
// milliseconds ("2026-11-26T16:15:43.957Z"). SQLite keeps the text (and compares it as text,
// which is why the format must be exactly Better Auth's); PostgreSQL casts it to timestamptz.

#include <string_view>

#include "core/clock.hpp"
#include "db/result.hpp"
#include "db/value.hpp"

namespace atrium::auth {

// Truncated to what the tables hold.
TimePoint to_millis(TimePoint t);
db::Value time_value(TimePoint t);
// Throws db::DbError(other) when the stored value is not a time.
TimePoint read_time(const db::Row& row, std::string_view column);

}  // namespace atrium::auth
