// A PostgreSQL connection killed from outside (pg_terminate_backend, as a server restart or
// an idle-timeout would) costs at most the statement that was running on it: the pool
// notices and replaces it, so the next borrower's query succeeds. SQLite has no server to
// lose; there the same sequences show that the pool keeps its one connection.

#include <thread>

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace std::chrono_literals;

class Reconnect : public DbTest {
 protected:
  std::int64_t backend_pid(db::Connection& conn) {
    return conn.query("SELECT pg_backend_pid() AS pid")[0].integer("pid");
  }

  // Terminates a server backend over a direct connection (PgBouncer cannot do this) and waits
  // until it has exited, so the client side has had its FATAL message and end-of-file.
  void terminate(std::int64_t pid) {
    auto admin = scratch().open_direct({.pool_size = 1});
    auto conn = admin->acquire();
    ASSERT_TRUE(
        conn->query("SELECT pg_terminate_backend(CAST($1 AS integer)) AS ok", {pid})[0].boolean(
            "ok"));
    for (int i = 0; i < 1000; ++i) {
      auto left = conn->query("SELECT count(*) AS c FROM pg_stat_activity WHERE pid = $1", {pid});
      if (left[0].integer("c") == 0) return;
      std::this_thread::sleep_for(10ms);
    }
    FAIL() << "backend " << pid << " did not exit";
  }
};

TEST_F(Reconnect, AConnectionKilledWhileIdleIsReplacedOnTheNextAcquire) {
  auto database = open({.pool_size = 1});
  std::uint64_t first = 0;
  std::int64_t old_pid = 0;
  {
    auto lease = database->acquire();
    first = lease->serial();
    if (pg()) old_pid = backend_pid(*lease);
  }
  if (!pg()) {
    auto lease = database->acquire();
    EXPECT_EQ(lease->serial(), first);
    EXPECT_TRUE(lease->still_open());
    EXPECT_EQ(lease->query("SELECT 1 AS one")[0].integer("one"), 1);
    return;
  }
  terminate(old_pid);
  auto lease = database->acquire();
  auto row = lease->query("SELECT pg_backend_pid() AS pid, 1 AS one")[0];
  EXPECT_EQ(row.integer("one"), 1);
  EXPECT_NE(row.integer("pid"), old_pid);
  // Directly, the dead connection object itself was replaced; through PgBouncer the client
  // connection survives and PgBouncer finds a new server connection behind it.
  if (pooled()) {
    EXPECT_EQ(lease->serial(), first);
  } else {
    EXPECT_NE(lease->serial(), first);
  }
}

TEST_F(Reconnect, AConnectionKilledMidTransactionFailsThatCallAndIsDiscarded) {
  auto database = open({.pool_size = 1});
  std::uint64_t first = 0;
  {
    auto lease = database->acquire();
    first = lease->serial();
    db::Transaction tx(*lease);
    if (!pg()) {
      // A failed statement is not a broken connection: it stays and is lent again.
      EXPECT_EQ(db_error_from([&] { lease->query("SELECT * FROM missing"); }).db_kind(),
                db::DbErrorKind::syntax);
      EXPECT_FALSE(lease->is_broken());
    } else {
      terminate(backend_pid(*lease));
      auto e = db_error_from([&] { lease->query("SELECT 1 AS one"); });
      EXPECT_EQ(e.db_kind(), db::DbErrorKind::connection_lost) << e.what();
      EXPECT_EQ(e.kind(), ErrorKind::unavailable);
      EXPECT_TRUE(lease->is_broken());
    }
  }  // the transaction's rollback fails quietly; the lease discards a broken connection
  auto lease = database->acquire();
  EXPECT_EQ(lease->query("SELECT 1 AS one")[0].integer("one"), 1);
  EXPECT_FALSE(lease->in_transaction());
  if (pg()) {
    EXPECT_NE(lease->serial(), first);
  } else {
    EXPECT_EQ(lease->serial(), first);
  }
}

}  // namespace
}  // namespace atrium::testing
