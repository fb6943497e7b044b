#include "auth/db_time.hpp"

#include "core/time_format.hpp"
#include "db/error.hpp"

namespace atrium::auth {

TimePoint to_millis(TimePoint t) {
  return std::chrono::floor<std::chrono::milliseconds>(t);
}

db::Value time_value(TimePoint t) {
  return format_iso8601(t);
}

TimePoint read_time(const db::Row& row, std::string_view column) {
  if (const auto view = row.text_view(column)) {
    if (auto t = parse_iso8601(*view)) return to_millis(*t);
  }
  const auto text = row.text(column);
  if (auto t = parse_iso8601(text)) return to_millis(*t);
  throw db::DbError(db::DbErrorKind::other, "",
                    "column " + std::string(column) + " holds '" + text + "', not a time");
}

}  // namespace atrium::auth
