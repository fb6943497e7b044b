#pragma once
// Timestamps as Better Auth writes them: JS Date.toJSON(), always UTC with milliseconds,
// "2026-11-26T16:03:53.123Z". Used in JSON and as the stored text on SQLite.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace atrium {

std::string format_iso8601(TimePoint t);
// The same 24 characters appended to `out`, without a string of their own.
void append_iso8601(std::string& out, TimePoint t);

// Accepts what the databases give back: "YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH[:MM]]", a space instead
// of the T (PostgreSQL's text output, SQLite's CURRENT_TIMESTAMP), and no zone meaning UTC.
std::optional<TimePoint> parse_iso8601(std::string_view text);

}  // namespace atrium
