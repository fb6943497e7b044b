#include "learn/db_values.hpp"

#include <boost/json/parse.hpp>
#include <cstdio>

#include "core/time_format.hpp"
#include "db/error.hpp"
#include "http/json.hpp"

namespace atrium::learn {

TimePoint to_millis(TimePoint t) {
  return std::chrono::floor<std::chrono::milliseconds>(t);
}

db::Value time_value(TimePoint t) {
  return format_iso8601(t);
}

std::string format_iso8601_micros(TimePoint t) {
  using namespace std::chrono;
  std::string text = format_iso8601(t);  // "…SS.mmmZ"
  const auto micros = duration_cast<microseconds>(t - floor<milliseconds>(t)).count();
  char digits[4];
  std::snprintf(digits, sizeof digits, "%03d", static_cast<int>(micros));
  text.insert(text.size() - 1, digits);
  return text;
}

db::Value precise_time_value(db::Dialect dialect, TimePoint t) {
  if (dialect == db::Dialect::postgresql) return format_iso8601_micros(t);
  return format_iso8601(t);
}

db::Value json_value(const boost::json::value& v) {
  if (v.is_null()) return db::null;
  return http::stringify(v);
}

TimePoint read_time(const db::Row& row, std::string_view column) {
  const auto text = row.text(column);
  auto t = parse_iso8601(text);
  if (!t) {
    throw db::DbError(db::DbErrorKind::other, "",
                      "column " + std::string(column) + " holds '" + text + "', not a time");
  }
  return *t;
}

std::optional<TimePoint> read_opt_time(const db::Row& row, std::string_view column) {
  if (row.is_null(column)) return std::nullopt;
  return read_time(row, column);
}

boost::json::value read_json(const db::Row& row, std::string_view column) {
  if (row.is_null(column)) return nullptr;
  boost::system::error_code ec;
  auto v = boost::json::parse(row.text(column), ec);
  if (ec) return nullptr;
  return v;
}

TimePoint next_in_sequence(TimePoint now, std::optional<TimePoint> previous) {
  now = to_millis(now);
  if (previous && now <= *previous) return to_millis(*previous) + std::chrono::milliseconds(1);
  return now;
}

}  // namespace atrium::learn
