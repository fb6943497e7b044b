// Each typed error comes from a real violation, with the native code of the driver.

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

using db::DbErrorKind;

class Errors : public DbTest {
 protected:
  void SetUp() override {
    database_ = open();
    lease_ = std::make_unique<db::Lease>(database_->acquire());
    conn().execute_script(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (id INTEGER PRIMARY KEY,"
        "  parent_id INTEGER REFERENCES parent (id),"
        "  name TEXT NOT NULL,"
        "  qty INTEGER CONSTRAINT qty_not_negative CHECK (qty >= 0),"
        "  email TEXT CONSTRAINT child_email_key UNIQUE);"
        "INSERT INTO parent (id) VALUES (1);"
        "INSERT INTO child (id, parent_id, name, qty, email) VALUES (1, 1, 'a', 1, 'a@x');");
  }
  void TearDown() override { lease_.reset(); }
  db::Connection& conn() { return **lease_; }

  db::DbError insert_child(std::int64_t id, db::Value parent, db::Value name, std::int64_t qty,
                           std::string email) {
    return db_error_from([&] {
      conn().execute(
          "INSERT INTO child (id, parent_id, name, qty, email) VALUES ($1, $2, $3, $4, $5)",
          {id, parent, name, qty, email});
    });
  }

  // The connection is still good after the error.
  void expect_usable() {
    EXPECT_EQ(conn().query("SELECT count(*) AS c FROM child")[0].integer("c"), 1);
    EXPECT_FALSE(conn().is_broken());
  }

  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::Lease> lease_;
};

TEST_F(Errors, UniqueViolation) {
  auto e = insert_child(2, std::int64_t{1}, std::string("b"), 1, "a@x");
  EXPECT_EQ(e.db_kind(), DbErrorKind::unique_violation) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "23505" : "2067");
  EXPECT_EQ(e.constraint(), pg() ? "child_email_key" : "child.email");
  EXPECT_EQ(e.kind(), ErrorKind::internal);
  expect_usable();
}

TEST_F(Errors, PrimaryKeyViolationIsAUniqueViolation) {
  auto e = insert_child(1, std::int64_t{1}, std::string("b"), 1, "b@x");
  EXPECT_EQ(e.db_kind(), DbErrorKind::unique_violation) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "23505" : "1555");
  expect_usable();
}

TEST_F(Errors, ForeignKeyViolation) {
  auto e = insert_child(2, std::int64_t{99}, std::string("b"), 1, "b@x");
  EXPECT_EQ(e.db_kind(), DbErrorKind::foreign_key_violation) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "23503" : "787");
  expect_usable();
  // And on delete of a referenced row.
  auto on_delete = db_error_from([&] { conn().execute("DELETE FROM parent WHERE id = 1"); });
  EXPECT_EQ(on_delete.db_kind(), DbErrorKind::foreign_key_violation) << on_delete.what();
}

TEST_F(Errors, NotNullViolation) {
  auto e = insert_child(2, std::int64_t{1}, db::null, 1, "b@x");
  EXPECT_EQ(e.db_kind(), DbErrorKind::not_null_violation) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "23502" : "1299");
  expect_usable();
}

TEST_F(Errors, CheckViolation) {
  auto e = insert_child(2, std::int64_t{1}, std::string("b"), -1, "b@x");
  EXPECT_EQ(e.db_kind(), DbErrorKind::check_violation) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "23514" : "275");
  EXPECT_NE(e.constraint().find("qty_not_negative"), std::string::npos) << e.constraint();
  expect_usable();
}

TEST_F(Errors, SyntaxAndUnknownNames) {
  auto typo = db_error_from([&] { conn().query("SELEC 1"); });
  EXPECT_EQ(typo.db_kind(), DbErrorKind::syntax) << typo.what();
  auto table = db_error_from([&] { conn().query("SELECT * FROM no_such_table"); });
  EXPECT_EQ(table.db_kind(), DbErrorKind::syntax) << table.what();
  EXPECT_NE(std::string(table.what()).find("no_such_table"), std::string::npos);
  EXPECT_EQ(table.native_code(), pg() ? "42P01" : "1");
  expect_usable();
}

TEST_F(Errors, MissingParameterIsAnErrorNotALostConnection) {
  auto e = db_error_from([&] { conn().query("SELECT $1 AS x, $2 AS y", {std::int64_t{1}}); });
  EXPECT_NE(e.db_kind(), DbErrorKind::connection_lost) << e.what();
  expect_usable();
}

TEST_F(Errors, TwoStatementsInOneQueryAreRefused) {
  auto e = db_error_from([&] { conn().query("SELECT 1; SELECT 2"); });
  EXPECT_NE(e.db_kind(), DbErrorKind::connection_lost) << e.what();
  expect_usable();
}

TEST_F(Errors, LockConflictIsBusy) {
  auto second_db = open(db::DatabaseOptions{.pool_size = 2,
                                            .acquire_timeout = std::chrono::milliseconds(5000),
                                            .sqlite_busy_timeout = std::chrono::milliseconds(50)});
  auto holder = second_db->acquire();
  auto waiter = second_db->acquire();
  db::Transaction held(*holder, db::TxMode::immediate);
  db::DbError e = [&] {
    if (pg()) {
      holder->query("SELECT id FROM parent WHERE id = 1 FOR UPDATE");
      db::Transaction tx(*waiter);
      return db_error_from(
          [&] { waiter->query("SELECT id FROM parent WHERE id = 1 FOR UPDATE NOWAIT"); });
    }
    // SQLite: the holder owns the write lock; the waiter gives up after its busy timeout.
    return db_error_from([&] { db::Transaction tx(*waiter, db::TxMode::immediate); });
  }();
  EXPECT_EQ(e.db_kind(), DbErrorKind::busy) << e.what();
  EXPECT_EQ(e.native_code(), pg() ? "55P03" : "5");
  EXPECT_EQ(e.kind(), ErrorKind::unavailable);
  held.rollback();
  // Once the lock is gone the waiter proceeds.
  db::Transaction tx(*waiter, db::TxMode::immediate);
  waiter->query("SELECT id FROM parent WHERE id = 1");
  tx.commit();
}

TEST_F(Errors, LockTimeoutIsBusy) {
  auto second_db = open(db::DatabaseOptions{.pool_size = 2,
                                            .acquire_timeout = std::chrono::milliseconds(5000),
                                            .sqlite_busy_timeout = std::chrono::milliseconds(50)});
  auto holder = second_db->acquire();
  auto waiter = second_db->acquire();
  db::Transaction held(*holder, db::TxMode::immediate);
  holder->execute("UPDATE parent SET id = 1 WHERE id = 1");
  db::DbError e = db_error_from([&] {
    db::Transaction tx(*waiter, db::TxMode::deferred);
    // PostgreSQL: a lock_timeout, scoped to this transaction so it holds behind a pooler.
    if (pg()) waiter->execute_script("SET LOCAL lock_timeout = '50ms'");
    waiter->execute("UPDATE parent SET id = 1 WHERE id = 1");
  });
  EXPECT_EQ(e.db_kind(), DbErrorKind::busy) << e.what();
  EXPECT_EQ(e.kind(), ErrorKind::unavailable);
}

}  // namespace
}  // namespace atrium::testing
