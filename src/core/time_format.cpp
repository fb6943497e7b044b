#include "core/time_format.hpp"

#include <charconv>
#include <ratio>

namespace atrium {
namespace {

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  const char* first = s.data() + pos;
  auto [ptr, ec] = std::from_chars(first, first + len, out);
  return ec == std::errc() && ptr == first + len;
}

// Writes `value` as exactly `width` digits ending just before `end`.
void put_digits(char* end, unsigned value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string format_iso8601(TimePoint t) {
  using namespace std::chrono;
  // system_clock counts nanoseconds in 64 bits here (years 1677 to 2262): four digits always
  // hold the year.
  static_assert(std::ratio_less_equal_v<TimePoint::period, std::micro>);
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  // Every metrics row and stored time passes here: digits by hand cost a fraction of
  // snprintf's format parsing.
  char out[] = "0000-00-00T00:00:00.000Z";
  put_digits(out + 4, static_cast<unsigned>(int(ymd.year())), 4);
  put_digits(out + 7, unsigned(ymd.month()), 2);
  put_digits(out + 10, unsigned(ymd.day()), 2);
  put_digits(out + 13, static_cast<unsigned>(hms.hours().count()), 2);
  put_digits(out + 16, static_cast<unsigned>(hms.minutes().count()), 2);
  put_digits(out + 19, static_cast<unsigned>(hms.seconds().count()), 2);
  put_digits(out + 23, static_cast<unsigned>(hms.subseconds().count()), 3);
  return std::string(out, sizeof out - 1);
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
      s[7] != '-' || !read_int(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') ||
      !read_int(s, 11, 2, h) || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' ||
      !read_int(s, 17, 2, sec)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t pos = 19;
  nanoseconds frac{0};
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t scale = 100'000'000;
    std::int64_t value = 0;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (scale > 0) value += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
    frac = nanoseconds{value};
  }
  minutes offset{0};
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!read_int(s, pos + 1, 2, oh)) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos + 2 <= s.size() && read_int(s, pos, 2, om)) pos += 2;
      offset = minutes{sign * (oh * 60 + om)};
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} + frac - offset;
  return time_point_cast<TimePoint::duration>(tp);
}

}  // namespace atrium
