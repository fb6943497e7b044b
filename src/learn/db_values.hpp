#pragma once
// Reading and writing the app tables' values the same way on both dialects (schema.md): times
// are bound as ISO-8601 UTC text with milliseconds (PostgreSQL casts it to timestamptz, SQLite
// stores it as is, so text order is time order), JSON as text.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "db/dialect.hpp"
#include "db/result.hpp"
#include "db/value.hpp"

namespace atrium::learn {

// What the tables can hold: milliseconds.
TimePoint to_millis(TimePoint t);

db::Value time_value(TimePoint t);
// A time to compare with stored values at their full precision: PostgreSQL keeps microseconds
// (rows written by now() have them), SQLite holds the millisecond text Better Auth writes.
db::Value precise_time_value(db::Dialect dialect, TimePoint t);
// ISO-8601 UTC with microseconds, "2026-11-26T16:03:53.123456Z".
std::string format_iso8601_micros(TimePoint t);
db::Value json_value(const boost::json::value& v);  // NULL for a JSON null

// Throw DbError(other) when the stored text is not a time.
TimePoint read_time(const db::Row& row, std::string_view column);
std::optional<TimePoint> read_opt_time(const db::Row& row, std::string_view column);
// A JSON column: null when NULL; stored text that is not JSON (written by hand) reads as null
// too rather than failing the whole request.
boost::json::value read_json(const db::Row& row, std::string_view column);

// The next timestamp of an append-only sequence: `now`, or 1 ms after the previous entry when
// the clock has not moved past it, so (time, id) order is insertion order.
TimePoint next_in_sequence(TimePoint now, std::optional<TimePoint> previous);

}  // namespace atrium::learn
