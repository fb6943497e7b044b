#pragma once

#include <string_view>

namespace atrium::db {

enum class Dialect { sqlite, postgresql };

inline std::string_view to_string(Dialect d) {
  return d == Dialect::sqlite ? "sqlite" : "postgresql";
}

}  // namespace atrium::db
