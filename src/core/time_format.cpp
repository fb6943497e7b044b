#include "core/time_format.hpp"

#include <cstring>
#include <ratio>

namespace atrium {
namespace {

// Writes `value` as exactly `width` digits ending just before `end`.
void put_digits(char* end, unsigned value, int width) {
  for (int i = 0; i < width; ++i) {
    *--end = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// Two digits at s[pos], or -1 (no sign, no space: std::from_chars would take "-1").
int two_digits(std::string_view s, std::size_t pos) {
  if (pos + 2 > s.size()) return -1;
  const unsigned a = static_cast<unsigned char>(s[pos]) - '0';
  const unsigned b = static_cast<unsigned char>(s[pos + 1]) - '0';
  if (a > 9 || b > 9) return -1;
  return static_cast<int>(a * 10 + b);
}

constexpr std::size_t kIso8601Length = 24;

// system_clock counts nanoseconds in 64 bits here (years 1677 to 2262): four digits always
// hold the year. Every metrics row, stored time and session answer passes here: digits by
// hand cost a fraction of snprintf's format parsing.
void write_iso8601(char* out, TimePoint t) {
  using namespace std::chrono;
  static_assert(std::ratio_less_equal_v<TimePoint::period, std::micro>);
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  std::memcpy(out, "0000-00-00T00:00:00.000Z", kIso8601Length);
  put_digits(out + 4, static_cast<unsigned>(int(ymd.year())), 4);
  put_digits(out + 7, unsigned(ymd.month()), 2);
  put_digits(out + 10, unsigned(ymd.day()), 2);
  put_digits(out + 13, static_cast<unsigned>(hms.hours().count()), 2);
  put_digits(out + 16, static_cast<unsigned>(hms.minutes().count()), 2);
  put_digits(out + 19, static_cast<unsigned>(hms.seconds().count()), 2);
  put_digits(out + 23, static_cast<unsigned>(hms.subseconds().count()), 3);
}

}  // namespace

std::string format_iso8601(TimePoint t) {
  std::string out(kIso8601Length, '\0');
  write_iso8601(out.data(), t);
  return out;
}

void append_iso8601(std::string& out, TimePoint t) {
  const std::size_t at = out.size();
  out.resize(at + kIso8601Length);
  write_iso8601(out.data() + at, t);
}

std::optional<TimePoint> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const int century = two_digits(s, 0);
  const int year_in_century = two_digits(s, 2);
  const int mo = two_digits(s, 5);
  const int d = two_digits(s, 8);
  const int h = two_digits(s, 11);
  const int mi = two_digits(s, 14);
  const int sec = two_digits(s, 17);
  if (century < 0 || year_in_century < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) {
    return std::nullopt;
  }
  const int y = century * 100 + year_in_century;
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
      const int oh = two_digits(s, pos + 1);
      if (oh < 0) return std::nullopt;
      pos += 3;
      if (pos < s.size() && s[pos] == ':') ++pos;
      int om = two_digits(s, pos);
      if (om < 0) {
        om = 0;
      } else {
        pos += 2;
      }
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
