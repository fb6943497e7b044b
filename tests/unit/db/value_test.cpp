#include "db/value.hpp"

#include <gtest/gtest.h>

#include <type_traits>

namespace atrium::db {
namespace {

// Brace lists of parameters, `{id, "text", 2.5}`, pick the alternative a reader expects: a
// string literal is text (not bool, as a pointer conversion would make it), a plain int is
// an int64.
TEST(Value, LiteralsPickTheExpectedAlternative) {
  EXPECT_TRUE(std::holds_alternative<std::string>(Value("abc")));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(Value(5)));
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(Value(5u)));
  EXPECT_TRUE(std::holds_alternative<double>(Value(2.5)));
  EXPECT_TRUE(std::holds_alternative<double>(Value(2.5f)));
  EXPECT_TRUE(std::holds_alternative<bool>(Value(true)));
  EXPECT_TRUE(is_null(Value(null)));
  EXPECT_TRUE(is_null(Value()));
  // An unsigned 64-bit value may not fit; it does not convert silently.
  EXPECT_FALSE((std::is_convertible_v<std::uint64_t, Value>));
}

}  // namespace
}  // namespace atrium::db
