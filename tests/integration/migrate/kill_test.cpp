// A process killed with SIGKILL in the middle of a long table rebuild (SQLite's copy-and-move
// of a million-row chat_messages to change a column's nullability) leaves the database at the
// previous revision with every row intact: the rebuild and the version update are one
// transaction.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace migrate;

// A million rows on SQLite, as the issue asks; PostgreSQL has no rebuild to interrupt (its
// ALTER is in place), so fewer rows keep the suite quick there.
constexpr int kSqliteRows = 1000000;
constexpr int kPostgresRows = 100000;

std::vector<Revision> with_nullability_change(int write_fd) {
  auto revisions = schema::revisions();
  Revision r;
  r.id = "b1b1b1b1b1b1";
  r.down_revisions = schema::graph().heads();
  r.message = "chat_messages.content nullable";
  r.upgrade = [write_fd](Op& op) {
    op.alter_column("chat_messages", "content", {.nullable = true});
    // Never reached before the kill; makes sure the kill cannot land after the commit.
    op.run_data_migration("wait to be killed", "1", [write_fd](db::Connection&) {
      if (::write(write_fd, "L", 1) != 1) return;
      ::pause();
    });
  };
  r.downgrade = [](Op& op) { op.alter_column("chat_messages", "content", {.nullable = false}); };
  revisions.push_back(r);
  return revisions;
}

class Kill : public MigrateTest {};

TEST_F(Kill, SigkillDuringARebuildLeavesThePreviousRevisionAndEveryRow) {
  const int kRows = pg() ? kPostgresRows : kSqliteRows;
  {
    auto database = open();
    auto lease = database->acquire();
    Runner(schema::graph(), *lease, runner_options()).upgrade("head");
    lease->execute(
        "INSERT INTO chat_sessions (session_id) VALUES ('00000000-0000-4000-8000-000000000000')");
    if (pg()) {
      lease->execute(
          "INSERT INTO chat_messages (message_id, session_id, role, content) SELECT "
          "('00000000-0000-4000-8000-' || lpad(x::text, 12, '0'))::uuid, "
          "'00000000-0000-4000-8000-000000000000', 'user', 'message ' || x FROM "
          "generate_series(1, " +
          std::to_string(kRows) + ") AS x");
    } else {
      lease->execute(
          "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " +
          std::to_string(kRows) +
          ") INSERT INTO chat_messages (message_id, session_id, role, content) SELECT "
          "printf('00000000-0000-4000-8000-%012d', x), '00000000-0000-4000-8000-000000000000', "
          "'user', 'message ' || x FROM c");
    }
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const RevisionGraph graph(with_nullability_change(fds[1]));
  std::cout.flush();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      auto database = open();
      auto lease = database->acquire();
      RunnerOptions o;
      o.through_pooler = pooled();
      o.before_unit = [&](const std::string& revision, const std::string&) {
        if (revision == "b1b1b1b1b1b1") {
          if (::write(fds[1], "S", 1) != 1) ::_exit(3);
        }
      };
      Runner(graph, *lease, o).upgrade("head");
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  char c = 0;
  // The rebuild has started (SQLite copies a million rows now); kill it.
  ASSERT_EQ(::read(fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'S');
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ::close(fds[0]);
  ::close(fds[1]);

  auto database = open();
  EXPECT_EQ(stored_heads(*database), schema::graph().heads());
  EXPECT_EQ(count(*database, "SELECT count(*) FROM chat_messages"), kRows);
  EXPECT_FALSE(has_table(*database, "_atrium_tmp_chat_messages"));
  {
    auto lease = database->acquire();
    auto table = introspect_table(*lease, "chat_messages");
    ASSERT_TRUE(table);
    EXPECT_FALSE(table->find_column("content")->nullable);
    if (!pg()) {
      EXPECT_EQ(lease->query("PRAGMA integrity_check")[0].text(0), "ok");
      EXPECT_TRUE(lease->query("PRAGMA foreign_key_check").empty());
    }
  }
  expect_clean(*database, schema::graph(), "after the kill");
}

}  // namespace
}  // namespace atrium::testing
