// The tables from native codes to DbErrorKind; the integration suite raises each for real.

#include "db/postgres/errors.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "db/sqlite/errors.hpp"

namespace atrium::db {
namespace {

TEST(PostgresErrors, SqlstatesClassify) {
  using postgres::classify;
  EXPECT_EQ(classify("23505"), DbErrorKind::unique_violation);
  EXPECT_EQ(classify("23503"), DbErrorKind::foreign_key_violation);
  EXPECT_EQ(classify("23502"), DbErrorKind::not_null_violation);
  EXPECT_EQ(classify("23514"), DbErrorKind::check_violation);
  for (const char* busy : {"40001", "40P01", "55P03", "57014"}) {
    EXPECT_EQ(classify(busy), DbErrorKind::busy) << busy;
  }
  for (const char* lost : {"08000", "08003", "08006", "57P01", "57P02", "57P03"}) {
    EXPECT_EQ(classify(lost), DbErrorKind::connection_lost) << lost;
  }
  EXPECT_EQ(classify("08P01"), DbErrorKind::other);  // bad bind; the connection survives it
  EXPECT_EQ(classify("42601"), DbErrorKind::syntax);
  EXPECT_EQ(classify("42P01"), DbErrorKind::syntax);
  EXPECT_EQ(classify("22012"), DbErrorKind::other);
  EXPECT_EQ(classify(""), DbErrorKind::other);
}

TEST(SqliteErrors, ExtendedCodesClassify) {
  using sqlite::classify;
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_UNIQUE), DbErrorKind::unique_violation);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_PRIMARYKEY), DbErrorKind::unique_violation);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_FOREIGNKEY), DbErrorKind::foreign_key_violation);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_NOTNULL), DbErrorKind::not_null_violation);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_CHECK), DbErrorKind::check_violation);
  EXPECT_EQ(classify(SQLITE_BUSY), DbErrorKind::busy);
  EXPECT_EQ(classify(SQLITE_BUSY_SNAPSHOT), DbErrorKind::busy);
  EXPECT_EQ(classify(SQLITE_LOCKED), DbErrorKind::busy);
  EXPECT_EQ(classify(SQLITE_CANTOPEN), DbErrorKind::connection_lost);
  EXPECT_EQ(classify(SQLITE_IOERR_WRITE), DbErrorKind::connection_lost);
  EXPECT_EQ(classify(SQLITE_ERROR), DbErrorKind::syntax);
  EXPECT_EQ(classify(SQLITE_CONSTRAINT_TRIGGER), DbErrorKind::other);
  EXPECT_EQ(classify(SQLITE_NOTADB), DbErrorKind::other);
}

TEST(SqliteErrors, ConstraintNamesComeFromTheMessage) {
  auto e = sqlite::make_error(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: user.email");
  EXPECT_EQ(e.constraint(), "user.email");
  EXPECT_EQ(e.native_code(), std::to_string(SQLITE_CONSTRAINT_UNIQUE));
  EXPECT_NE(std::string(e.what()).find("UNIQUE constraint failed: user.email"), std::string::npos);
}

}  // namespace
}  // namespace atrium::db
