#include "db/placeholders.hpp"

#include <gtest/gtest.h>

namespace atrium::db {
namespace {

std::string rw(std::string_view sql) {
  return rewrite_placeholders_for_sqlite(sql);
}

TEST(Placeholders, NumberedPlaceholdersBecomeNumberedQuestionMarks) {
  EXPECT_EQ(rw("SELECT $1, $2"), "SELECT ?1, ?2");
  EXPECT_EQ(rw("INSERT INTO t VALUES ($2,$1,$10)"), "INSERT INTO t VALUES (?2,?1,?10)");
  EXPECT_EQ(rw("WHERE a=$1 OR b=$1"), "WHERE a=?1 OR b=?1");
  EXPECT_EQ(rw("$1"), "?1");
  EXPECT_EQ(rw("SELECT 1"), "SELECT 1");
}

TEST(Placeholders, StringLiteralsAreLeftAlone) {
  EXPECT_EQ(rw("SELECT '$1', $1"), "SELECT '$1', ?1");
  EXPECT_EQ(rw("SELECT 'it''s $1', $2"), "SELECT 'it''s $1', ?2");
  EXPECT_EQ(rw("SELECT '$1"), "SELECT '$1");  // unterminated: nothing after it is SQL
}

TEST(Placeholders, QuotedIdentifiersAreLeftAlone) {
  EXPECT_EQ(rw("SELECT \"$1\" FROM t WHERE x = $1"), "SELECT \"$1\" FROM t WHERE x = ?1");
  EXPECT_EQ(rw("SELECT \"a\"\"$1\" , $1"), "SELECT \"a\"\"$1\" , ?1");
  EXPECT_EQ(rw("SELECT `$1`, [$2], $3"), "SELECT `$1`, [$2], ?3");
}

TEST(Placeholders, CommentsAreLeftAlone) {
  EXPECT_EQ(rw("-- costs $1\nSELECT $1"), "-- costs $1\nSELECT ?1");
  EXPECT_EQ(rw("SELECT $1 -- and $2"), "SELECT ?1 -- and $2");
  EXPECT_EQ(rw("/* $1 */ SELECT $2 /* $3"), "/* $1 */ SELECT ?2 /* $3");
  EXPECT_EQ(rw("SELECT 4 - -$1"), "SELECT 4 - -?1");
  EXPECT_EQ(rw("SELECT 4 / $1"), "SELECT 4 / ?1");
}

TEST(Placeholders, DollarsThatAreNotPlaceholders) {
  EXPECT_EQ(rw("SELECT a$1 FROM t"), "SELECT a$1 FROM t");
  EXPECT_EQ(rw("SELECT $a, $ 1, $"), "SELECT $a, $ 1, $");
}

}  // namespace
}  // namespace atrium::db
