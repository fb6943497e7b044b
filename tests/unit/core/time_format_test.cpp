#include "core/time_format.hpp"

#include <gtest/gtest.h>

namespace atrium {
namespace {

using namespace std::chrono;

TEST(TimeFormat, FormatsLikeJsDateToJson) {
  const TimePoint t = sys_days{year{2026} / 11 / 26} + hours{16} + minutes{3} + seconds{53} +
                      milliseconds{123} + microseconds{999};
  EXPECT_EQ(format_iso8601(t), "2026-11-26T16:03:53.123Z");
  EXPECT_EQ(format_iso8601(TimePoint{}), "1970-01-01T00:00:00.000Z");
}

TEST(TimeFormat, PadsEveryFieldToTheEndsOfTheClocksRange) {
  const TimePoint early =
      sys_days{year{1678} / 1 / 2} + hours{3} + minutes{4} + seconds{5} + milliseconds{6};
  EXPECT_EQ(format_iso8601(early), "1678-01-02T03:04:05.006Z");
  EXPECT_EQ(format_iso8601(TimePoint::max()), "2262-04-11T23:47:16.854Z");
  EXPECT_EQ(format_iso8601(TimePoint::min()), "1677-09-21T00:12:43.145Z");
}

TEST(TimeFormat, ParsesWhatEachDatabaseReturns) {
  const TimePoint expected =
      sys_days{year{2026} / 11 / 26} + hours{16} + minutes{3} + seconds{53} + milliseconds{123};
  EXPECT_EQ(parse_iso8601("2026-11-26T16:03:53.123Z"), expected);
  EXPECT_EQ(parse_iso8601("2026-11-26 16:03:53.123+00"), expected);
  EXPECT_EQ(parse_iso8601("2026-11-26 18:03:53.123+02:00"), expected);
  EXPECT_EQ(parse_iso8601("2026-11-26 16:03:53.123"), expected);
  EXPECT_EQ(parse_iso8601("2026-11-26T16:03:53Z"), expected - milliseconds{123});
  EXPECT_EQ(parse_iso8601("2026-11-26 10:33:53.123-05:30"), expected);
}

TEST(TimeFormat, RoundTrips) {
  const TimePoint t =
      sys_days{year{1999} / 12 / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
  EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
}

TEST(TimeFormat, RejectsGarbage) {
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-26T16:03:53.Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-26T16:03:53.123Zjunk"));
  // Each field is digits only: no sign, no padding space.
  EXPECT_FALSE(parse_iso8601("2026-11-26T-1:03:53Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-26T16:+3:53Z"));
  EXPECT_FALSE(parse_iso8601("2026-11- 6T16:03:53Z"));
  EXPECT_FALSE(parse_iso8601("-026-11-26T16:03:53Z"));
  EXPECT_FALSE(parse_iso8601("2026-11-26T16:03:53+-1"));
}

TEST(TimeFormat, AppendsTheSameTextItFormats) {
  const TimePoint t =
      sys_days{year{2026} / 11 / 26} + hours{16} + minutes{3} + seconds{53} + milliseconds{123};
  std::string out = "at ";
  append_iso8601(out, t);
  EXPECT_EQ(out, "at " + format_iso8601(t));
}

}  // namespace
}  // namespace atrium
