#include <gtest/gtest.h>

#include <limits>

#include "db/error.hpp"
#include "db/result.hpp"

namespace atrium::db {
namespace {

Row make_row(std::vector<std::string> names, std::vector<Value> values) {
  return Row(std::make_shared<const std::vector<std::string>>(std::move(names)), std::move(values));
}

DbErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DbError& e) {
    return e.db_kind();
  }
  ADD_FAILURE() << "no DbError";
  return DbErrorKind::unique_violation;
}

TEST(Row, AccessByIndexAndName) {
  auto row = make_row({"id", "name", "score"}, {std::int64_t{7}, std::string("ada"), 2.5});
  EXPECT_EQ(row.size(), 3u);
  EXPECT_EQ(row.integer(0), 7);
  EXPECT_EQ(row.text("name"), "ada");
  EXPECT_EQ(row.real("score"), 2.5);
  EXPECT_EQ(row.index_of("score"), 2u);
  EXPECT_EQ(std::get<std::string>(row["name"]), "ada");
  EXPECT_EQ(kind_of([&] { row.index_of("missing"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { (void)row[3]; }), DbErrorKind::other);
}

TEST(Row, DriverSpellingsConvert) {
  // SQLite stores booleans as 0/1; PostgreSQL numerics may arrive as doubles or text.
  auto row = make_row({"flag", "off", "whole", "text_number", "pg_bool"},
                      {std::int64_t{1}, std::int64_t{0}, 42.0, std::string("-17"), true});
  EXPECT_TRUE(row.boolean("flag"));
  EXPECT_FALSE(row.boolean("off"));
  EXPECT_EQ(row.integer("whole"), 42);
  EXPECT_EQ(row.integer("text_number"), -17);
  EXPECT_EQ(row.real("flag"), 1.0);
  EXPECT_EQ(row.integer("pg_bool"), 1);
  EXPECT_EQ(row.text("whole"), "42");
}

TEST(Row, NullsAndMismatchesThrowOrBecomeNullopt) {
  auto row = make_row(
      {"n", "fraction", "word", "big", "bytes"},
      {null, 1.5, std::string("abc"), std::numeric_limits<double>::max(), Blob{{1, 2, 3}}});
  EXPECT_TRUE(row.is_null("n"));
  EXPECT_EQ(row.opt_text("n"), std::nullopt);
  EXPECT_EQ(row.opt_integer("n"), std::nullopt);
  EXPECT_EQ(row.opt_boolean("n"), std::nullopt);
  EXPECT_EQ(row.opt_real("fraction"), 1.5);
  EXPECT_EQ(kind_of([&] { row.text("n"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { row.integer("fraction"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { row.integer("word"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { row.integer("big"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { row.boolean("word"); }), DbErrorKind::other);
  EXPECT_EQ(kind_of([&] { row.text("bytes"); }), DbErrorKind::other);
  EXPECT_EQ(row.blob("bytes"), (Blob{{1, 2, 3}}));
}

TEST(DbError, KindDecidesAvailability) {
  EXPECT_EQ(DbError(DbErrorKind::busy, "5", "x").kind(), ErrorKind::unavailable);
  EXPECT_EQ(DbError(DbErrorKind::connection_lost, "08006", "x").kind(), ErrorKind::unavailable);
  EXPECT_EQ(DbError(DbErrorKind::pool_timeout, "", "x").kind(), ErrorKind::unavailable);
  EXPECT_EQ(DbError(DbErrorKind::unique_violation, "23505", "x").kind(), ErrorKind::internal);
  EXPECT_EQ(DbError(DbErrorKind::syntax, "42601", "x").kind(), ErrorKind::internal);
  EXPECT_STREQ(to_string(DbErrorKind::foreign_key_violation), "foreign_key_violation");
}

}  // namespace
}  // namespace atrium::db
