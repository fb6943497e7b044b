// db::ReadBatcher: reads submitted while a batch is on its way leave together, each answered
// with its own result; a failing read fails alone; nothing submitted goes unanswered.

#include "db/read_batcher.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

class ReadBatcherTest : public DbTest {
 protected:
  void SetUp() override {
    database_ = open({.pool_size = 2});
    auto lease = database_->acquire();
    lease->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    for (std::int64_t i = 1; i <= 100; ++i) {
      lease->execute("INSERT INTO t (id, name) VALUES ($1, $2)", {i, "n" + std::to_string(i)});
    }
  }

  // A gate the first read's continuation waits at, so that the reads submitted once it has
  // arrived queue up behind it whatever the machine's speed.
  struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    bool arrived = false;
    bool opened = false;
    void arrive_and_wait() {
      std::unique_lock lock(mutex);
      arrived = true;
      changed.notify_all();
      changed.wait(lock, [&] { return opened; });
    }
    void wait_arrived() {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return arrived; });
    }
    void open() {
      {
        std::lock_guard lock(mutex);
        opened = true;
      }
      changed.notify_all();
    }
  };
  // Declared after the batcher: opens the gate before the batcher's destructor waits for the
  // read behind it, should an assertion end the test early.
  struct GateOpener {
    Gate& gate;
    ~GateOpener() { gate.open(); }
  };

  std::unique_ptr<db::Database> database_;
};

TEST_F(ReadBatcherTest, ReadsQueuedBehindABatchLeaveTogetherEachWithItsOwnRow) {
  // Declared before the batcher, whose destructor may still answer into them.
  Gate gate;
  std::promise<void> first_done;
  std::vector<std::promise<db::ReadOutcome>> outcomes(99);
  db::ReadBatcher batcher(*database_, "SELECT id, name FROM t WHERE id = $1",
                          {.max_batch = 64, .threads = 1});
  GateOpener opener{gate};
  batcher.submit({std::int64_t{1}}, [&](const db::ReadOutcome& outcome) {
    EXPECT_FALSE(outcome.error);
    gate.arrive_and_wait();
    first_done.set_value();
  });
  gate.wait_arrived();
  for (std::int64_t i = 0; i < 99; ++i) {
    // Ids 2..100, and one that matches nothing in the middle.
    const std::int64_t id = i == 50 ? 1000 : i + 2;
    batcher.submit({id}, [&outcomes, i](db::ReadOutcome outcome) {
      outcomes[static_cast<std::size_t>(i)].set_value(std::move(outcome));
    });
  }
  gate.open();
  first_done.get_future().get();
  for (std::int64_t i = 0; i < 99; ++i) {
    auto outcome = outcomes[static_cast<std::size_t>(i)].get_future().get();
    ASSERT_FALSE(outcome.error) << i;
    if (i == 50) {
      EXPECT_TRUE(outcome.result.empty());
    } else {
      ASSERT_EQ(outcome.result.size(), 1u);
      EXPECT_EQ(outcome.result[0].integer("id"), i + 2);
      EXPECT_EQ(outcome.result[0].text("name"), "n" + std::to_string(i + 2));
    }
  }
  // The first alone, then 99 queued reads in batches of at most 64.
  EXPECT_EQ(batcher.reads_sent(), 100u);
  EXPECT_EQ(batcher.batches_sent(), 3u);
}

TEST_F(ReadBatcherTest, AFailingReadFailsAloneAndTheOthersAreAnswered) {
  // A value the statement cannot take: PostgreSQL refuses the cast, SQLite the JSON.
  Gate gate;
  std::promise<db::ReadOutcome> good1, bad, good2;
  db::ReadBatcher batcher(*database_,
                          pg() ? "SELECT CAST($1 AS integer) AS v" : "SELECT json($1) AS v");
  GateOpener opener{gate};
  batcher.submit({std::string("0")}, [&](const db::ReadOutcome&) { gate.arrive_and_wait(); });
  gate.wait_arrived();
  batcher.submit({std::string("7")}, [&](db::ReadOutcome o) { good1.set_value(std::move(o)); });
  batcher.submit({std::string("{nope")}, [&](db::ReadOutcome o) { bad.set_value(std::move(o)); });
  batcher.submit({std::string("8")}, [&](db::ReadOutcome o) { good2.set_value(std::move(o)); });
  gate.open();
  auto first = good1.get_future().get();
  auto failed = bad.get_future().get();
  auto second = good2.get_future().get();
  ASSERT_FALSE(first.error);
  ASSERT_FALSE(second.error);
  EXPECT_EQ(first.result[0].text("v"), "7");
  EXPECT_EQ(second.result[0].text("v"), "8");
  ASSERT_TRUE(failed.error);
  auto error = db_error_from([&] { std::rethrow_exception(failed.error); });
  EXPECT_NE(error.db_kind(), db::DbErrorKind::connection_lost);
  EXPECT_EQ(batcher.batches_sent(), 2u);
}

TEST_F(ReadBatcherTest, StoppingAnswersEveryReadSubmitted) {
  std::atomic<int> answered{0};
  {
    db::ReadBatcher batcher(*database_, "SELECT name FROM t WHERE id = $1", {.threads = 2});
    for (std::int64_t i = 1; i <= 50; ++i) {
      batcher.submit({i}, [&](const db::ReadOutcome& o) {
        EXPECT_FALSE(o.error);
        answered.fetch_add(1);
      });
    }
  }
  EXPECT_EQ(answered.load(), 50);
}

// SQLite has no server to lose: there the same sequence shows the batcher keeps answering.
TEST_F(ReadBatcherTest, AConnectionTheServerDroppedIsReplaced) {
  db::ReadBatcher batcher(*database_, "SELECT name FROM t WHERE id = $1");
  auto read = [&](std::int64_t id) {
    std::promise<db::ReadOutcome> p;
    batcher.submit({id}, [&](db::ReadOutcome o) { p.set_value(std::move(o)); });
    return p.get_future().get();
  };
  ASSERT_FALSE(read(1).error);
  if (pg()) {
    // Every backend of this database but the admin's own (PgBouncer cannot do this).
    auto admin = scratch().open_direct({.pool_size = 1});
    auto conn = admin->acquire();
    const std::string others =
        "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
    conn->query("SELECT pg_terminate_backend(pid) " + others);
    for (int i = 0; i < 1000; ++i) {
      if (conn->query("SELECT count(*) AS c " + others)[0].integer("c") == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  auto after = read(2);
  ASSERT_FALSE(after.error);
  EXPECT_EQ(after.result[0].text("name"), "n2");
}

}  // namespace
}  // namespace atrium::testing
