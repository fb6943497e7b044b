#pragma once
// A value bound to a statement parameter or read from a result column.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace atrium::db {

struct Null {
  bool operator==(const Null&) const = default;
};
inline constexpr Null null{};

struct Blob {
  std::vector<std::uint8_t> bytes;
  bool operator==(const Blob&) const = default;
};

// Text is UTF-8 and may contain NUL bytes (bound with an explicit length).
using Value = std::variant<Null, bool, std::int64_t, double, std::string, Blob>;

inline bool is_null(const Value& v) {
  return std::holds_alternative<Null>(v);
}

}  // namespace atrium::db
