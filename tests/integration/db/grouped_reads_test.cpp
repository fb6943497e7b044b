// db::GroupedReads: reads submitted on a thread before its deferred run leave together in one
// transaction begun after the last of them, each answered with its own result on that thread;
// a failing read fails alone; without a connection at once every read gets the error.

#include "db/grouped_reads.hpp"

#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "db/error.hpp"
#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

class GroupedReadsTest : public DbTest {
 protected:
  void SetUp() override {
    database_ = open({.pool_size = 2});
    auto lease = database_->acquire();
    lease->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    for (std::int64_t i = 1; i <= 20; ++i) {
      lease->execute("INSERT INTO t (id, name) VALUES ($1, $2)", {i, "n" + std::to_string(i)});
    }
  }

  // Stands for the socket thread's event loop: what is deferred waits here until run_deferred().
  db::GroupedReads::Defer deferring() {
    return [this](std::function<void()> task) {
      deferred_.push_back(std::move(task));
      return true;
    };
  }
  void run_deferred() {
    auto tasks = std::move(deferred_);
    deferred_.clear();
    for (auto& task : tasks) task();
  }

  std::unique_ptr<db::Database> database_;
  std::vector<std::function<void()>> deferred_;
};

TEST_F(GroupedReadsTest, ReadsSubmittedBeforeTheRunLeaveTogetherEachWithItsOwnRow) {
  db::GroupedReads reads(*database_, "SELECT id, name FROM t WHERE id = $1", deferring());
  std::vector<std::optional<db::ReadOutcome>> outcomes(21);
  std::vector<std::thread::id> answered_on;
  for (std::int64_t id = 1; id <= 21; ++id) {  // 21 matches nothing
    reads.submit({id}, [&, id](db::ReadOutcome outcome) {
      answered_on.push_back(std::this_thread::get_id());
      outcomes[static_cast<std::size_t>(id - 1)] = std::move(outcome);
    });
  }
  EXPECT_EQ(deferred_.size(), 1u);  // one run for the group, not one per read
  EXPECT_EQ(reads.groups_run(), 0u);
  run_deferred();
  EXPECT_EQ(reads.groups_run(), 1u);
  EXPECT_EQ(reads.reads_run(), 21u);
  for (std::int64_t id = 1; id <= 21; ++id) {
    const auto& outcome = outcomes[static_cast<std::size_t>(id - 1)];
    ASSERT_TRUE(outcome) << id;
    ASSERT_FALSE(outcome->error) << id;
    if (id == 21) {
      EXPECT_TRUE(outcome->result.empty());
    } else {
      ASSERT_EQ(outcome->result.size(), 1u);
      EXPECT_EQ(outcome->result[0].text("name"), "n" + std::to_string(id));
    }
  }
  ASSERT_EQ(answered_on.size(), 21u);
  for (const auto& id : answered_on) EXPECT_EQ(id, std::this_thread::get_id());

  // The next submit starts a new group.
  std::optional<db::ReadOutcome> later;
  reads.submit({std::int64_t{3}}, [&](db::ReadOutcome o) { later = std::move(o); });
  EXPECT_FALSE(later);
  run_deferred();
  ASSERT_TRUE(later);
  EXPECT_EQ(later->result[0].text("name"), "n3");
  EXPECT_EQ(reads.groups_run(), 2u);
}

TEST_F(GroupedReadsTest, EveryReadSeesWhatWasCommittedBeforeItWasSubmitted) {
  // A row committed between two submits of one group, and a row deleted: the group's snapshot
  // is taken when it runs, so the read submitted after the commit sees it (as a revocation
  // committed before a request arrives must be seen).
  db::GroupedReads reads(*database_, "SELECT name FROM t WHERE id = $1", deferring());
  std::optional<db::ReadOutcome> before, after, deleted;
  reads.submit({std::int64_t{5}}, [&](db::ReadOutcome o) { before = std::move(o); });
  {
    auto other = database_->acquire();
    other->execute("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{99}, "new"});
    other->execute("DELETE FROM t WHERE id = $1", {std::int64_t{6}});
  }
  reads.submit({std::int64_t{99}}, [&](db::ReadOutcome o) { after = std::move(o); });
  reads.submit({std::int64_t{6}}, [&](db::ReadOutcome o) { deleted = std::move(o); });
  run_deferred();
  ASSERT_TRUE(before && after && deleted);
  EXPECT_EQ(before->result[0].text("name"), "n5");
  ASSERT_EQ(after->result.size(), 1u);
  EXPECT_EQ(after->result[0].text("name"), "new");
  EXPECT_TRUE(deleted->result.empty());
}

TEST_F(GroupedReadsTest, AFailingReadFailsAloneAndTheOthersAreAnswered) {
  // A value the statement cannot take: PostgreSQL refuses the cast, SQLite the JSON. On
  // PostgreSQL (where atrium does not group reads) the failure aborts the transaction, so the
  // whole group fails and goes to the callers' fallback.
  db::GroupedReads reads(
      *database_, pg() ? "SELECT CAST($1 AS integer) AS v" : "SELECT json($1) AS v", deferring());
  std::optional<db::ReadOutcome> good1, bad, good2;
  reads.submit({std::string("7")}, [&](db::ReadOutcome o) { good1 = std::move(o); });
  reads.submit({std::string("{nope")}, [&](db::ReadOutcome o) { bad = std::move(o); });
  reads.submit({std::string("8")}, [&](db::ReadOutcome o) { good2 = std::move(o); });
  run_deferred();
  ASSERT_TRUE(good1 && bad && good2);
  ASSERT_TRUE(bad->error);
  auto error = db_error_from([&] { std::rethrow_exception(bad->error); });
  EXPECT_NE(error.db_kind(), db::DbErrorKind::connection_lost);
  if (pg()) {
    EXPECT_TRUE(good1->error);
    EXPECT_TRUE(good2->error);
  } else {
    ASSERT_FALSE(good1->error);
    ASSERT_FALSE(good2->error);
    EXPECT_EQ(good1->result[0].text("v"), "7");
    EXPECT_EQ(good2->result[0].text("v"), "8");
  }
  // The connection went back to the pool usable, outside any transaction.
  auto lease = database_->acquire();
  EXPECT_EQ(lease->query("SELECT name FROM t WHERE id = $1", {std::int64_t{1}})[0].text("name"),
            "n1");
}

TEST_F(GroupedReadsTest, WithoutAConnectionAtOnceEveryReadGetsTheError) {
  db::GroupedReads reads(*database_, "SELECT name FROM t WHERE id = $1", deferring());
  std::optional<db::ReadOutcome> first, second;
  reads.submit({std::int64_t{1}}, [&](db::ReadOutcome o) { first = std::move(o); });
  reads.submit({std::int64_t{2}}, [&](db::ReadOutcome o) { second = std::move(o); });
  {
    auto a = database_->acquire();
    auto b = database_->acquire();  // the whole pool
    run_deferred();
  }
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->error);
  ASSERT_TRUE(second->error);
  EXPECT_EQ(db_error_from([&] { std::rethrow_exception(first->error); }).db_kind(),
            db::DbErrorKind::pool_timeout);
}

TEST_F(GroupedReadsTest, WhereNothingCanBeDeferredEachReadRunsAtOnce) {
  db::GroupedReads reads(*database_, "SELECT name FROM t WHERE id = $1",
                         [](const std::function<void()>&) { return false; });
  std::optional<db::ReadOutcome> outcome;
  reads.submit({std::int64_t{4}}, [&](db::ReadOutcome o) { outcome = std::move(o); });
  ASSERT_TRUE(outcome);  // before submit returned
  ASSERT_FALSE(outcome->error);
  EXPECT_EQ(outcome->result[0].text("name"), "n4");
  reads.submit({std::int64_t{5}}, [&](db::ReadOutcome o) { outcome = std::move(o); });
  EXPECT_EQ(outcome->result[0].text("name"), "n5");
  EXPECT_EQ(reads.groups_run(), 2u);
}

TEST_F(GroupedReadsTest, EachThreadGroupsItsOwnReads) {
  // Another thread's reads wait for that thread's run, not for this one's.
  db::GroupedReads reads(*database_, "SELECT name FROM t WHERE id = $1", deferring());
  std::optional<db::ReadOutcome> mine;
  reads.submit({std::int64_t{1}}, [&](db::ReadOutcome o) { mine = std::move(o); });
  std::optional<db::ReadOutcome> theirs;
  std::size_t deferred_there = 0;
  std::thread([&] {
    reads.submit({std::int64_t{2}}, [&](db::ReadOutcome o) { theirs = std::move(o); });
    deferred_there = deferred_.size();
    // This thread's run of `reads` (deferred through the test's loop) is theirs to run here.
    auto task = std::move(deferred_.back());
    deferred_.pop_back();
    task();
  }).join();
  EXPECT_EQ(deferred_there, 2u);  // their first submit deferred a run of its own
  ASSERT_TRUE(theirs);
  EXPECT_EQ(theirs->result[0].text("name"), "n2");
  EXPECT_FALSE(mine);  // still waiting for this thread's run
  run_deferred();
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->result[0].text("name"), "n1");
}

}  // namespace
}  // namespace atrium::testing
