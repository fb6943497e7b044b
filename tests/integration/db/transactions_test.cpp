// Transactions are RAII: commit only when asked, roll back on exception, nest as savepoints.

#include <stdexcept>

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

using db::Transaction;

class Transactions : public DbTest {
 protected:
  void SetUp() override {
    database_ = open();
    lease_ = std::make_unique<db::Lease>(database_->acquire());
    conn().execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)");
  }
  void TearDown() override { lease_.reset(); }
  db::Connection& conn() { return **lease_; }

  void insert(std::int64_t id) {
    conn().execute("INSERT INTO t (id, note) VALUES ($1, $2)", {id, std::string("n")});
  }
  std::vector<std::int64_t> ids() {
    std::vector<std::int64_t> out;
    for (const auto& row : conn().query("SELECT id FROM t ORDER BY id")) {
      out.push_back(row.integer("id"));
    }
    return out;
  }

  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::Lease> lease_;
};

using Ids = std::vector<std::int64_t>;

TEST_F(Transactions, CommitKeepsTheWork) {
  {
    Transaction tx(conn());
    insert(1);
    insert(2);
    EXPECT_EQ(conn().transaction_depth(), 1);
    EXPECT_TRUE(conn().in_transaction());
    tx.commit();
  }
  EXPECT_EQ(conn().transaction_depth(), 0);
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(ids(), (Ids{1, 2}));
  // Another connection sees it: it really was committed.
  auto other = database_->connect();
  EXPECT_EQ(other->query("SELECT count(*) AS c FROM t")[0].integer("c"), 2);
}

TEST_F(Transactions, AnExceptionRollsBack) {
  insert(1);
  EXPECT_THROW(
      {
        Transaction tx(conn());
        insert(2);
        throw std::runtime_error("handler failed");
      },
      std::runtime_error);
  EXPECT_EQ(ids(), (Ids{1}));
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(conn().transaction_depth(), 0);
}

TEST_F(Transactions, LeavingScopeWithoutCommitRollsBack) {
  {
    Transaction tx(conn(), db::TxMode::deferred);
    insert(1);
  }
  EXPECT_EQ(ids(), Ids{});
  {
    Transaction tx(conn());
    insert(2);
    tx.rollback();
    tx.rollback();  // a second rollback is harmless
  }
  EXPECT_EQ(ids(), Ids{});
}

TEST_F(Transactions, InnerRollbackKeepsOuterWork) {
  {
    Transaction outer(conn());
    insert(1);
    {
      Transaction inner(conn());
      EXPECT_TRUE(inner.nested());
      EXPECT_EQ(conn().transaction_depth(), 2);
      insert(2);
    }  // not committed: back to the savepoint
    insert(3);
    outer.commit();
  }
  EXPECT_EQ(ids(), (Ids{1, 3}));
}

TEST_F(Transactions, InnerFailureLeavesOuterUsable) {
  // On PostgreSQL a failed statement aborts the whole transaction; the savepoint is what
  // makes the outer one usable again.
  {
    Transaction outer(conn());
    insert(1);
    auto e = db_error_from([&] {
      Transaction inner(conn());
      insert(2);
      insert(1);  // duplicate key
      inner.commit();
    });
    EXPECT_EQ(e.db_kind(), db::DbErrorKind::unique_violation);
    insert(3);
    outer.commit();
  }
  EXPECT_EQ(ids(), (Ids{1, 3}));
}

TEST_F(Transactions, InnerCommitIsUndoneByOuterRollback) {
  {
    Transaction outer(conn());
    insert(1);
    {
      Transaction inner(conn());
      insert(2);
      inner.commit();
    }
    EXPECT_EQ(ids(), (Ids{1, 2}));
  }
  EXPECT_EQ(ids(), Ids{});
}

TEST_F(Transactions, ThreeLevelsDeep) {
  {
    Transaction a(conn());
    insert(1);
    {
      Transaction b(conn());
      insert(2);
      {
        Transaction c(conn());
        insert(3);
        EXPECT_EQ(conn().transaction_depth(), 3);
      }
      insert(4);
      b.commit();
    }
    a.commit();
  }
  EXPECT_EQ(ids(), (Ids{1, 2, 4}));
}

TEST_F(Transactions, OuterCannotFinishWhileInnerIsOpen) {
  Transaction outer(conn());
  insert(1);
  Transaction inner(conn());
  EXPECT_EQ(db_error_from([&] { outer.commit(); }).db_kind(), db::DbErrorKind::other);
  inner.commit();
  outer.commit();
  EXPECT_EQ(ids(), (Ids{1}));
}

TEST_F(Transactions, CommitAfterAFailedStatement) {
  // The dialects differ here, and callers must know how: PostgreSQL aborts the whole
  // transaction, so commit() refuses rather than pretend; SQLite undoes only the statement.
  insert(1);
  {
    Transaction tx(conn());
    insert(2);
    EXPECT_EQ(db_error_from([&] { insert(1); }).db_kind(), db::DbErrorKind::unique_violation);
    if (pg()) {
      auto e = db_error_from([&] { tx.commit(); });
      EXPECT_EQ(e.native_code(), "25P02");
    } else {
      tx.commit();
    }
  }
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(ids(), pg() ? Ids{1} : (Ids{1, 2}));
}

}  // namespace
}  // namespace atrium::testing
