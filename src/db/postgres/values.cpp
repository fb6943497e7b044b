#include "db/postgres/values.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "db/error.hpp"
#include "db/postgres/libpq.hpp"

namespace atrium::db::postgres {

namespace {

// From PostgreSQL's catalog/pg_type_d.h (not shipped with libpq-dev).
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kOid = 26;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kNumeric = 1700;

std::string format_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  // Shortest text that reads back as the same double; "-0" keeps negative zero.
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, ptr);
}

double parse_double(std::string_view s) {
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity") return std::numeric_limits<double>::infinity();
  if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  double out = 0;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Blob decode_bytea(const char* text, std::size_t size) {
  Blob out;
  if (size >= 2 && text[0] == '\\' && text[1] == 'x') {
    out.bytes.reserve((size - 2) / 2);
    for (std::size_t i = 2; i + 1 < size; i += 2) {
      out.bytes.push_back(
          static_cast<std::uint8_t>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1])));
    }
    return out;
  }
  // bytea_output = escape, set by someone's server configuration.
  std::size_t length = 0;
  unsigned char* raw =
      libpq().PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
  if (raw == nullptr) throw DbError(DbErrorKind::other, "", "cannot decode a bytea value");
  out.bytes.assign(raw, raw + length);
  libpq().PQfreemem(raw);
  return out;
}

}  // namespace

EncodedParams encode_params(std::span<const Value> params) {
  EncodedParams out;
  const auto n = params.size();
  out.types.resize(n, 0);
  out.text.resize(n);
  out.values.resize(n, nullptr);
  out.lengths.resize(n, 0);
  out.formats.resize(n, 0);
  out.type_letters.resize(n, 'n');
  for (std::size_t i = 0; i < n; ++i) {
    const Value& v = params[i];
    if (auto* b = std::get_if<bool>(&v)) {
      out.types[i] = kBool;
      // One char, not a C string: GCC 12 at -O3 flags the inlined char* assignment with a
      // false -Wrestrict.
      out.text[i].assign(1, *b ? 't' : 'f');
      out.type_letters[i] = 'b';
    } else if (auto* n64 = std::get_if<std::int64_t>(&v)) {
      out.types[i] = kInt8;
      out.text[i] = std::to_string(*n64);
      out.type_letters[i] = 'i';
    } else if (auto* d = std::get_if<double>(&v)) {
      out.types[i] = kFloat8;
      out.text[i] = format_double(*d);
      out.type_letters[i] = 'd';
    } else if (auto* s = std::get_if<std::string>(&v)) {
      if (s->find('\0') != std::string::npos) {
        throw DbError(DbErrorKind::other, "",
                      "parameter $" + std::to_string(i + 1) +
                          " is text containing a NUL byte, which PostgreSQL text cannot store; "
                          "bind it as a Blob (bytea) instead");
      }
      // Type left to the server: the same text binds to text, varchar, uuid, json or
      // timestamptz columns alike.
      out.type_letters[i] = 't';
      out.values[i] = s->c_str();
      continue;
    } else if (auto* blob = std::get_if<Blob>(&v)) {
      out.types[i] = kBytea;
      out.formats[i] = 1;
      out.lengths[i] = static_cast<int>(blob->bytes.size());
      // An empty bytea still needs a non-null pointer, or libpq sends NULL.
      static const char empty = 0;
      out.values[i] =
          blob->bytes.empty() ? &empty : reinterpret_cast<const char*>(blob->bytes.data());
      out.type_letters[i] = 'x';
      continue;
    } else {
      continue;  // NULL
    }
    // out.text is never resized after this, and moving the vector keeps its elements in place.
    out.values[i] = out.text[i].c_str();
  }
  return out;
}

Value decode_value(const PGresult* result, int row, int column) {
  if (libpq().PQgetisnull(result, row, column)) return null;
  const char* text = libpq().PQgetvalue(result, row, column);
  const auto size = static_cast<std::size_t>(libpq().PQgetlength(result, row, column));
  const std::string_view s(text, size);
  switch (libpq().PQftype(result, column)) {
    case kBool:
      return s == "t";
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid: {
      std::int64_t n = 0;
      std::from_chars(s.data(), s.data() + s.size(), n);
      return n;
    }
    case kFloat4:
    case kFloat8:
      return parse_double(s);
    case kNumeric: {
      // Whole numbers (SUM over bigint, COUNT-like arithmetic) read as integers when they fit.
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec == std::errc() && ptr == s.data() + s.size()) return n;
      return parse_double(s);
    }
    case kBytea:
      return decode_bytea(text, size);
    default:
      return std::string(s);
  }
}

}  // namespace atrium::db::postgres
