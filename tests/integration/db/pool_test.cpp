// The pool is bounded, times out clearly, and lends out only clean connections.

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace std::chrono_literals;

class Pool : public DbTest {};

TEST_F(Pool, ExhaustionTimesOutWithAClearError) {
  auto database = open({.pool_size = 2, .acquire_timeout = 100ms});
  auto a = database->acquire();
  auto b = database->acquire();
  auto e = db_error_from([&] { database->acquire(); });
  EXPECT_EQ(e.db_kind(), db::DbErrorKind::pool_timeout);
  EXPECT_EQ(e.kind(), ErrorKind::unavailable);
  const std::string message = e.what();
  EXPECT_NE(message.find("100 ms"), std::string::npos) << message;
  EXPECT_NE(message.find("all 2 connections"), std::string::npos) << message;
  // An explicit timeout overrides the default one.
  EXPECT_EQ(db_error_from([&] { database->acquire(20ms); }).db_kind(),
            db::DbErrorKind::pool_timeout);
  { auto released = std::move(a); }
  auto c = database->acquire();
  EXPECT_EQ(c->query("SELECT 1 AS one")[0].integer("one"), 1);
}

TEST_F(Pool, AReturnedConnectionIsLentAgain) {
  auto database = open({.pool_size = 1});
  std::uint64_t first = 0;
  {
    auto lease = database->acquire();
    first = lease->serial();
  }
  for (int i = 0; i < 5; ++i) {
    auto lease = database->acquire();
    EXPECT_EQ(lease->serial(), first);
  }
}

TEST_F(Pool, TryAcquireLendsOnlyAnIdleConnectionAndNeverWaits) {
  auto database = open({.pool_size = 1, .acquire_timeout = 30000ms});
  // Nothing idle yet beyond the one opened eagerly at open(): that one is lent.
  auto first = database->try_acquire();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)->query("SELECT 3 AS three")[0].integer("three"), 3);
  // The pool is empty and full: no wait (the acquire timeout is 30 s), no new connection.
  EXPECT_FALSE(database->try_acquire().has_value());
  EXPECT_EQ(db_error_from([&] { database->acquire(10ms); }).db_kind(),
            db::DbErrorKind::pool_timeout);
  const std::uint64_t serial = (*first)->serial();
  first.reset();
  auto again = database->try_acquire();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ((*again)->serial(), serial);
}

TEST_F(Pool, ATryAcquiredConnectionDoesNotWaitForLocksUntilItIsGivenBack) {
  auto database = open({.pool_size = 2, .sqlite_busy_timeout = 30000ms});
  {
    auto setup = database->acquire();
    auto second = database->acquire();  // both connections open, then idle
    setup->execute_script("CREATE TABLE t (x INTEGER)");
  }
  auto writer = database->acquire();
  writer->execute_script(pg() ? "BEGIN; INSERT INTO t VALUES (1)"
                              : "BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
  {
    auto quick = database->try_acquire();
    ASSERT_TRUE(quick.has_value());
    // A read never waits (WAL on SQLite, MVCC on PostgreSQL).
    EXPECT_EQ((*quick)->query("SELECT count(*) AS n FROM t")[0].integer("n"), 0);
    if (pg()) {
      // Row locks: another transaction's INSERT holds nothing this one needs.
      EXPECT_EQ((*quick)->execute("INSERT INTO t VALUES (2)"), 1);
    } else {
      // SQLite's one writer lock: fail at once instead of waiting 30 s.
      EXPECT_EQ(db_error_from([&] { (*quick)->execute("INSERT INTO t VALUES (2)"); }).db_kind(),
                db::DbErrorKind::busy);
    }
  }
  // Given back, the same connection waits again when lent by acquire().
  std::thread committer([&] {
    std::this_thread::sleep_for(50ms);
    writer->execute_script("COMMIT");
  });
  auto patient = database->acquire();
  EXPECT_EQ(patient->execute("INSERT INTO t VALUES (3)"), 1);
  committer.join();
}

TEST_F(Pool, AWaiterGetsTheConnectionWhenItIsReturned) {
  auto database = open({.pool_size = 1, .acquire_timeout = 30000ms});
  auto lease = std::make_unique<db::Lease>(database->acquire());
  std::atomic<bool> waiting{false};
  std::thread releaser([&] {
    while (!waiting) std::this_thread::yield();
    std::this_thread::sleep_for(20ms);
    lease.reset();
  });
  waiting = true;
  auto mine = database->acquire();  // blocks until the releaser gives it back
  EXPECT_EQ(mine->query("SELECT 2 AS two")[0].integer("two"), 2);
  releaser.join();
}

TEST_F(Pool, WaitersAreServedInTheOrderTheyCame) {
  auto database = open({.pool_size = 1, .acquire_timeout = 30000ms});
  auto held = std::make_unique<db::Lease>(database->acquire());
  std::mutex mutex;
  std::vector<int> order;
  auto borrower = [&](int who) {
    auto lease = database->acquire();
    std::lock_guard lock(mutex);
    order.push_back(who);
  };
  auto wait_for_waiters = [&](std::size_t n) {
    for (int i = 0; i < 30000 && database->waiting_borrowers() < n; ++i) {
      std::this_thread::sleep_for(1ms);
    }
    return database->waiting_borrowers() == n;
  };
  std::vector<std::thread> borrowers;
  for (int who = 0; who < 4; ++who) {
    borrowers.emplace_back(borrower, who);
    ASSERT_TRUE(wait_for_waiters(static_cast<std::size_t>(who) + 1));
  }
  // A newcomer that finds others waiting queues behind them, even at the moment the
  // connection comes back.
  held.reset();
  for (auto& t : borrowers) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(database->waiting_borrowers(), 0u);
}

TEST_F(Pool, AWaiterThatTimesOutLeavesTheQueue) {
  auto database = open({.pool_size = 1, .acquire_timeout = 30000ms});
  auto held = database->acquire();
  EXPECT_EQ(db_error_from([&] { database->acquire(20ms); }).db_kind(),
            db::DbErrorKind::pool_timeout);
  EXPECT_EQ(database->waiting_borrowers(), 0u);
  { auto released = std::move(held); }
  // The connection went back to the pool, not to the borrower that gave up.
  auto next = database->try_acquire();
  EXPECT_TRUE(next.has_value());
}

TEST_F(Pool, AnOpenTransactionIsRolledBackBeforeTheConnectionIsLentAgain) {
  auto database = open({.pool_size = 1});
  database->acquire()->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  {
    auto lease = database->acquire();
    lease->begin(false);  // by hand, no Transaction to clean up
    lease->execute("INSERT INTO t (id) VALUES (1)");
  }
  auto lease = database->acquire();
  EXPECT_FALSE(lease->in_transaction());
  EXPECT_EQ(lease->query("SELECT count(*) AS c FROM t")[0].integer("c"), 0);
}

TEST_F(Pool, ConcurrentBorrowersShareABoundedPool) {
  auto database = open({.pool_size = 2, .acquire_timeout = 30000ms});
  database->acquire()->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, worker INTEGER)");
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto lease = database->acquire();
          db::Transaction tx(*lease);
          lease->execute("INSERT INTO t (id, worker) VALUES ($1, $2)",
                         {std::int64_t{w * 1000 + i}, std::int64_t{w}});
          tx.commit();
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(database->acquire()->query("SELECT count(*) AS c FROM t")[0].integer("c"),
            kThreads * kEach);
}

}  // namespace
}  // namespace atrium::testing
