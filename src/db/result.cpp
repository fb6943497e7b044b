#include "db/result.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "db/error.hpp"

namespace atrium::db {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw DbError(DbErrorKind::other, "", message);
}

const char* type_name(const Value& v) {
  switch (v.index()) {
    case 0:
      return "NULL";
    case 1:
      return "boolean";
    case 2:
      return "integer";
    case 3:
      return "real";
    case 4:
      return "text";
    default:
      return "blob";
  }
}

template <typename T>
bool parse_whole(const std::string& s, T& out) {
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end && !s.empty();
}

}  // namespace

const Value& Row::operator[](std::size_t i) const {
  if (i >= values_.size()) {
    fail("column index " + std::to_string(i) + " is out of range (the row has " +
         std::to_string(values_.size()) + " columns)");
  }
  return values_[i];
}

const Value& Row::operator[](std::string_view column) const {
  return values_[index_of(column)];
}

std::size_t Row::index_of(std::string_view column) const {
  const auto& names = *columns_;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == column) return i;
  }
  fail("the result has no column named '" + std::string(column) + "'");
}

namespace {

// Names the column in conversion errors so a failing store says which field was wrong.
std::string describe(const std::vector<std::string>& names, std::size_t i) {
  if (i < names.size()) return "column '" + names[i] + "'";
  return "column " + std::to_string(i);
}

}  // namespace

std::string Row::text(std::size_t i) const {
  const Value& v = (*this)[i];
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[64];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, ptr);
  }
  if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  fail(describe(*columns_, i) + " is " + type_name(v) + ", not text");
}

std::int64_t Row::integer(std::size_t i) const {
  const Value& v = (*this)[i];
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (auto* d = std::get_if<double>(&v)) {
    // 2^63 itself is not representable, hence the strict upper bound.
    if (std::trunc(*d) == *d && *d >= -9223372036854775808.0 && *d < 9223372036854775808.0) {
      return static_cast<std::int64_t>(*d);
    }
  }
  if (auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    if (parse_whole(*s, out)) return out;
  }
  fail(describe(*columns_, i) + " (" + type_name(v) + ") is not an integer");
}

double Row::real(std::size_t i) const {
  const Value& v = (*this)[i];
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    if (parse_whole(*s, out)) return out;
  }
  fail(describe(*columns_, i) + " (" + type_name(v) + ") is not a number");
}

bool Row::boolean(std::size_t i) const {
  const Value& v = (*this)[i];
  if (auto* b = std::get_if<bool>(&v)) return *b;
  // SQLite has no boolean type: Alembic's and Better Auth's schemas store 0/1 integers.
  if (auto* n = std::get_if<std::int64_t>(&v)) {
    if (*n == 0 || *n == 1) return *n == 1;
  }
  if (auto* s = std::get_if<std::string>(&v)) {
    if (*s == "1" || *s == "t" || *s == "true") return true;
    if (*s == "0" || *s == "f" || *s == "false") return false;
  }
  fail(describe(*columns_, i) + " (" + type_name(v) + ") is not a boolean");
}

Blob Row::blob(std::size_t i) const {
  const Value& v = (*this)[i];
  if (auto* b = std::get_if<Blob>(&v)) return *b;
  if (auto* s = std::get_if<std::string>(&v)) return Blob{{s->begin(), s->end()}};
  fail(describe(*columns_, i) + " (" + type_name(v) + ") is not a blob");
}

std::optional<std::string_view> Row::text_view(std::string_view column) const {
  if (const auto* s = std::get_if<std::string>(&values_[index_of(column)])) return *s;
  return std::nullopt;
}

std::string Row::take_text(std::string_view column) {
  const auto i = index_of(column);
  if (auto* s = std::get_if<std::string>(&values_[i])) return std::move(*s);
  return text(i);
}

std::optional<std::string> Row::take_opt_text(std::string_view column) {
  const auto i = index_of(column);
  if (is_null(i)) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&values_[i])) return std::move(*s);
  return text(i);
}

std::optional<std::string> Row::opt_text(std::string_view column) const {
  auto i = index_of(column);
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::optional<std::int64_t> Row::opt_integer(std::string_view column) const {
  auto i = index_of(column);
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<double> Row::opt_real(std::string_view column) const {
  auto i = index_of(column);
  if (is_null(i)) return std::nullopt;
  return real(i);
}

std::optional<bool> Row::opt_boolean(std::string_view column) const {
  auto i = index_of(column);
  if (is_null(i)) return std::nullopt;
  return boolean(i);
}

}  // namespace atrium::db
