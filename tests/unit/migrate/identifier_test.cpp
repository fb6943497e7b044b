#include "migrate/identifier.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

TEST(Identifier, ReservedAndCamelCaseAreQuoted) {
  EXPECT_EQ(quote_ident("user"), "\"user\"");
  EXPECT_EQ(quote_ident("emailVerified"), "\"emailVerified\"");
  EXPECT_EQ(quote_ident("rateLimit"), "\"rateLimit\"");
  EXPECT_EQ(quote_ident("key"), "\"key\"");
  EXPECT_EQ(quote_ident("order"), "\"order\"");
  EXPECT_EQ(quote_ident("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(quote_ident("1abc"), "\"1abc\"");
}

TEST(Identifier, PlainNamesStayBare) {
  EXPECT_EQ(quote_ident("chat_sessions"), "chat_sessions");
  EXPECT_EQ(quote_ident("user_id"), "user_id");
  EXPECT_EQ(quote_ident("_private"), "_private");
}

TEST(Identifier, LiteralsDoubleQuotes) {
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

}  // namespace
}  // namespace atrium::migrate
