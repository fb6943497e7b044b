// The pool is bounded, times out clearly, and lends out only clean connections.

#include <atomic>
#include <thread>

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
