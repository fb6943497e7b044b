#include "learn/db_values.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace atrium::learn {
namespace {

using namespace std::chrono;

TEST(DbValues, SequenceTimesStrictlyIncrease) {
  const TimePoint t = *parse_iso8601("2026-11-26T16:03:53.123Z");
  EXPECT_EQ(next_in_sequence(t, std::nullopt), t);
  EXPECT_EQ(next_in_sequence(t + microseconds(400), std::nullopt), t);  // stored precision: ms
  EXPECT_EQ(next_in_sequence(t, t - milliseconds(5)), t);
  EXPECT_EQ(next_in_sequence(t, t), t + milliseconds(1));
  EXPECT_EQ(next_in_sequence(t - seconds(1), t), t + milliseconds(1));  // clock went back
  // A previous row written by now() with microseconds still orders before the next one.
  EXPECT_EQ(next_in_sequence(t, t + microseconds(456)), t + milliseconds(1));
}

TEST(DbValues, MicrosecondText) {
  const TimePoint t = *parse_iso8601("2026-11-26T16:03:53.123456789Z");
  EXPECT_EQ(format_iso8601_micros(t), "2026-11-26T16:03:53.123456Z");
  EXPECT_EQ(parse_iso8601(format_iso8601_micros(t)), time_point_cast<microseconds>(t));
  EXPECT_EQ(std::get<std::string>(precise_time_value(db::Dialect::sqlite, t)),
            "2026-11-26T16:03:53.123Z");
  EXPECT_EQ(std::get<std::string>(precise_time_value(db::Dialect::postgresql, t)),
            "2026-11-26T16:03:53.123456Z");
}

}  // namespace
}  // namespace atrium::learn
