// Concurrent runners are serialised by the database: two `upgrade head` started at once both
// exit 0 and each revision is applied once — directly and through PgBouncer in transaction
// mode, where only transaction-scoped locks work. A runner that cannot get the lock gives up
// after its bounded wait. Non-transactional revisions need a direct connection.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace migrate;

int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

// Runs `fn` in a forked child and returns its pid; the child exits with fn's result (100 on an
// exception, after printing it).
pid_t spawn(const std::function<int()>& fn) {
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 100;
    try {
      code = fn();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child failed: %s\n", e.what());
    }
    std::fflush(stderr);
    ::_exit(code);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// The shipped chain plus a data-only revision that inserts one row and then lingers inside its
// transaction, so a second runner is sure to arrive while the first holds the lock.
std::vector<Revision> with_data_revision(int* pipe_to_parent = nullptr,
                                         int* pipe_from_parent = nullptr) {
  auto revisions = schema::revisions();
  Revision data;
  data.id = "5eed00000001";
  data.down_revisions = schema::graph().heads();
  data.message = "seed one metric";
  data.upgrade = [pipe_to_parent, pipe_from_parent](Op& op) {
    op.execute(
        "INSERT INTO api_metrics (endpoint, method, status_code, response_time_ms) VALUES "
        "('/seed', 'GET', 200, 1.5)");
    op.run_data_migration("linger", "1", [pipe_to_parent, pipe_from_parent](db::Connection&) {
      if (pipe_to_parent) {
        char c = 'x';
        if (::write(pipe_to_parent[1], &c, 1) != 1) throw std::runtime_error("pipe");
        if (::read(pipe_from_parent[0], &c, 1) != 1) throw std::runtime_error("pipe");
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
      }
    });
  };
  data.downgrade = [](Op& op) { op.execute("DELETE FROM api_metrics WHERE endpoint = '/seed'"); };
  revisions.push_back(data);
  return revisions;
}

class Concurrency : public MigrateTest {};

TEST_F(Concurrency, TwoBinariesAtOnceBothSucceedAndApplyEachRevisionOnce) {
  const auto heads = heads_from_cli();
  const auto revisions = schema::graph().applied(heads).size();
  for (int trial = 0; trial < 5; ++trial) {
    ScratchDatabase fresh(scratch().backend());
    const std::vector<std::string> argv{atrium_binary(), "db",    "upgrade",
                                        "head",          "--url", fresh.url()};
    BackgroundProcess a(argv, env());
    BackgroundProcess b(argv, env());
    auto ra = a.wait(std::chrono::seconds(120));
    auto rb = b.wait(std::chrono::seconds(120));
    EXPECT_EQ(ra.exit_code, 0) << ra.err;
    EXPECT_EQ(rb.exit_code, 0) << rb.err;
    EXPECT_EQ(count_of(ra.err + rb.err, "Running upgrade"), static_cast<int>(revisions))
        << ra.err << "----\n"
        << rb.err;
    auto database = fresh.open();
    EXPECT_EQ(stored_heads(*database), heads);
    expect_clean(*database, schema::graph(), "trial " + std::to_string(trial));
  }
}

TEST_F(Concurrency, ADataRevisionRacedByTwoRunnersRunsOnce) {
  const RevisionGraph graph(with_data_revision());
  const auto total = graph.applied(graph.heads()).size();
  {
    // Everything but the data revision first, so both runners race for it.
    auto database = open();
    auto lease = database->acquire();
    Runner(graph, *lease, runner_options()).upgrade(schema::graph().heads().front());
  }
  auto run = [&] {
    auto database = open();
    auto lease = database->acquire();
    RunnerOptions o;
    o.through_pooler = pooled();
    return Runner(graph, *lease, o).upgrade("head");
  };
  const pid_t a = spawn(run);
  const pid_t b = spawn(run);
  const int applied_a = wait_exit(a);
  const int applied_b = wait_exit(b);
  EXPECT_TRUE((applied_a == 1 && applied_b == 0) || (applied_a == 0 && applied_b == 1))
      << applied_a << " " << applied_b;
  auto database = open();
  EXPECT_EQ(count(*database, "SELECT count(*) FROM api_metrics WHERE endpoint = '/seed'"), 1);
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"5eed00000001"});
  EXPECT_EQ(graph.applied({"5eed00000001"}).size(), total);
}

TEST_F(Concurrency, AWaitingRunnerGivesUpAfterItsBoundedWait) {
  int to_parent[2], from_parent[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  ASSERT_EQ(::pipe(from_parent), 0);
  const RevisionGraph graph(with_data_revision(to_parent, from_parent));
  const pid_t holder = spawn([&] {
    auto database = open();
    auto lease = database->acquire();
    RunnerOptions o;
    o.through_pooler = pooled();
    return Runner(graph, *lease, o).upgrade("head") > 0 ? 0 : 1;
  });
  char c;
  ASSERT_EQ(::read(to_parent[0], &c, 1), 1);  // the holder is inside the data revision
  {
    db::DatabaseOptions options;
    options.sqlite_busy_timeout = std::chrono::milliseconds(300);
    auto database = scratch().open(options);
    auto lease = database->acquire();
    RunnerOptions o = runner_options();
    o.lock_wait = std::chrono::milliseconds(300);
    try {
      Runner(graph, *lease, o).upgrade("head");
      ADD_FAILURE() << "the second runner must give up";
    } catch (const MigrationError& e) {
      EXPECT_NE(std::string(e.what()).find("gave up waiting for the migration lock"),
                std::string::npos)
          << e.what();
    }
  }
  ASSERT_EQ(::write(from_parent[1], "x", 1), 1);
  EXPECT_EQ(wait_exit(holder), 0);
  auto database = open();
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"5eed00000001"});
  EXPECT_EQ(count(*database, "SELECT count(*) FROM api_metrics WHERE endpoint = '/seed'"), 1);
  for (int fd : {to_parent[0], to_parent[1], from_parent[0], from_parent[1]}) ::close(fd);
}

Revision concurrent_index(std::string id, bool unique) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = schema::graph().heads();
  r.message = "index chat_sessions.updated_at concurrently";
  r.transactional = false;
  r.upgrade = [unique](Op& op) {
    op.create_index("ix_chat_sessions_updated_at", "chat_sessions", {"updated_at"},
                    {.unique = unique, .concurrently = true});
  };
  r.downgrade = [](Op& op) { op.drop_index("ix_chat_sessions_updated_at", "chat_sessions", true); };
  return r;
}

TEST_F(Concurrency, NonTransactionalRevisionsNeedADirectConnection) {
  auto revisions = schema::revisions();
  revisions.push_back(concurrent_index("c0c0c0c0c0c0", false));
  const RevisionGraph graph(revisions);
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  if (pooled()) {
    try {
      runner.upgrade("head");
      FAIL() << "a non-transactional revision must be refused behind a transaction pooler";
    } catch (const MigrationError& e) {
      EXPECT_NE(std::string(e.what()).find("needs a direct connection"), std::string::npos)
          << e.what();
    }
    EXPECT_EQ(runner.stored_heads(), schema::graph().heads());
    return;
  }
  runner.upgrade("head");
  EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"c0c0c0c0c0c0"});
  expect_clean(*database, graph, "after the concurrent index");
  runner.downgrade("-1");
  expect_clean(*database, graph, "after dropping it");
}

TEST_F(Concurrency, AnInvalidIndexLeftByAFailedConcurrentBuildIsReportedAndRebuilt) {
  auto revisions = schema::revisions();
  revisions.push_back(concurrent_index("c1c1c1c1c1c1", true));
  const RevisionGraph graph(revisions);
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade(schema::graph().heads().front());
  // Two sessions with the same updated_at make the unique build fail half-way.
  lease->execute_script(
      "INSERT INTO chat_sessions (session_id, created_at, updated_at) VALUES "
      "('00000000-0000-4000-8000-000000000001', '2026-01-01T00:00:00.000Z', "
      "'2026-01-01T00:00:00.000Z'),"
      "('00000000-0000-4000-8000-000000000002', '2026-01-01T00:00:00.000Z', "
      "'2026-01-01T00:00:00.000Z')");
  EXPECT_THROW(runner.upgrade("head"), MigrationError);
  EXPECT_EQ(runner.stored_heads(), schema::graph().heads());
  if (pg() && !pooled()) {
    // PostgreSQL keeps the half-built index, marked INVALID; check says so.
    const auto report = runner.check();
    ASSERT_FALSE(report.comparison.clean());
    EXPECT_NE(report.comparison.differences.front().find("ix_chat_sessions_updated_at is INVALID"),
              std::string::npos)
        << report.comparison.differences.front();
  } else {
    expect_clean(*database, schema::graph(), "after the failed unique index");
  }
  lease->execute(
      "DELETE FROM chat_sessions WHERE session_id = '00000000-0000-4000-8000-000000000002'");
  if (pooled()) {
    EXPECT_THROW(runner.upgrade("head"), MigrationError);
    return;
  }
  log_.clear();
  runner.upgrade("head");
  if (pg()) {
    bool rebuilt = false;
    for (const auto& line : log_) {
      if (line.find("rebuilding the INVALID index ix_chat_sessions_updated_at") !=
          std::string::npos)
        rebuilt = true;
    }
    EXPECT_TRUE(rebuilt);
  }
  EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"c1c1c1c1c1c1"});
  expect_clean(*database, graph, "after the rebuild");
}

TEST_F(Concurrency, ARevisionsLockTimeoutStopsItWaitingOnABusyTable) {
  auto revisions = schema::revisions();
  Revision r;
  r.id = "7070707070a0";
  r.down_revisions = schema::graph().heads();
  r.message = "add a column to a busy table";
  r.lock_timeout = std::chrono::milliseconds(200);
  r.upgrade = [](Op& op) { op.add_column("chat_sessions", Column("topic", Type::text())); };
  r.downgrade = [](Op& op) { op.drop_column("chat_sessions", "topic"); };
  revisions.push_back(r);
  const RevisionGraph graph(revisions);
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade(schema::graph().heads().front());
  if (!pg()) {
    // SQLite has one writer at a time; BEGIN IMMEDIATE is the wait, lock_timeout has no meaning.
    runner.upgrade("head");
    EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"7070707070a0"});
    return;
  }
  // Another session holds the table (directly, never through the pooler).
  auto holder_db = scratch().open_direct();
  auto holder = holder_db->acquire();
  holder->execute_script("BEGIN; LOCK TABLE chat_sessions IN ACCESS EXCLUSIVE MODE");
  try {
    runner.upgrade("head");
    ADD_FAILURE() << "the revision must give up on the busy table";
  } catch (const MigrationError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("revision 7070707070a0 (add a column to a busy table) failed in add_column "
                        "chat_sessions.topic"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("lock timeout"), std::string::npos) << what;
  }
  EXPECT_EQ(runner.stored_heads(), schema::graph().heads());
  holder->execute_script("ROLLBACK");
  runner.upgrade("head");
  EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"7070707070a0"});
}

}  // namespace
}  // namespace atrium::testing
