#pragma once
// The database conformance suite's fixture: every test gets a fresh database on the backend
// CTest chose (sqlite, postgres, or postgres through PgBouncer) and asserts the same
// behaviour on each; where the dialects honestly differ, the test says how.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "db/error.hpp"
#include "db/transaction.hpp"
#include "support/scratch_database.hpp"

namespace atrium::testing {

class DbTest : public ::testing::Test {
 protected:
  bool pg() const { return scratch_.dialect() == db::Dialect::postgresql; }
  bool pooled() const { return scratch_.through_pooler(); }
  const ScratchDatabase& scratch() const { return scratch_; }
  std::unique_ptr<db::Database> open(db::DatabaseOptions options = {}) const {
    return scratch_.open(options);
  }

  // The column type for binary data in this dialect.
  std::string blob_type() const { return pg() ? "BYTEA" : "BLOB"; }

 private:
  ScratchDatabase scratch_;
};

// Runs `f`, which must throw a DbError, and returns it.
inline db::DbError db_error_from(const std::function<void()>& f) {
  try {
    f();
  } catch (const db::DbError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a DbError";
  return db::DbError(db::DbErrorKind::other, "none", "no error was thrown");
}

}  // namespace atrium::testing
