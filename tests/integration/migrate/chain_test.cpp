// The shipped chain on a real database: up to head, down to base one step at a time and up
// again, with `check` clean at every step; the version table as Alembic keeps it.

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using migrate::Runner;

class Chain : public MigrateTest {};

TEST_F(Chain, UpgradeHeadWithTheBinaryThenCheckIsClean) {
  const auto heads = heads_from_cli();
  ASSERT_EQ(heads.size(), 1u);
  auto up = atrium({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  // One progress line per revision, with its duration, on stderr.
  const auto revisions = schema::graph().applied(heads);
  for (const auto& id : revisions) {
    EXPECT_NE(up.err.find("-> " + id + ", " + schema::graph().at(id).doc() + " ("),
              std::string::npos)
        << up.err;
  }
  EXPECT_TRUE(up.out.empty());
  auto current = atrium({"current"});
  EXPECT_EQ(current.exit_code, 0);
  EXPECT_EQ(current.out, heads.front() + " (head)\n");
  auto check = atrium({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // Nothing left to do: a second run applies nothing.
  auto again = atrium({"upgrade", "head"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.err.find("Running upgrade"), std::string::npos) << again.err;
}

TEST_F(Chain, AlembicVersionHoldsOneRowWithTheHead) {
  auto database = open();
  {
    auto lease = database->acquire();
    Runner(schema::graph(), *lease, runner_options()).upgrade("head");
  }
  EXPECT_EQ(stored_heads(*database), heads_from_cli());
  EXPECT_EQ(count(*database, "SELECT count(*) FROM alembic_version"), 1);
}

TEST_F(Chain, DownToBaseAndUpAgainWithCheckCleanAtEveryStep) {
  const auto& graph = schema::graph();
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade("heads");
  expect_clean(*database, graph, "at head");
  const std::size_t steps = graph.applied(graph.heads()).size();
  for (std::size_t i = 0; i < steps; ++i) {
    EXPECT_EQ(runner.downgrade("-1"), 1);
    expect_clean(*database, graph, "after downgrade step " + std::to_string(i + 1));
  }
  // Online, downgrade base keeps an empty version table, as Alembic does.
  EXPECT_TRUE(runner.stored_heads().empty());
  EXPECT_TRUE(migrate::table_exists(*lease, "alembic_version"));
  EXPECT_FALSE(migrate::table_exists(*lease, "chat_sessions"));
  for (std::size_t i = 0; i < steps; ++i) {
    EXPECT_EQ(runner.upgrade("+1"), 1);
    expect_clean(*database, graph, "after upgrade step " + std::to_string(i + 1));
  }
  EXPECT_EQ(runner.stored_heads(), graph.heads());
  EXPECT_EQ(runner.downgrade("base"), static_cast<int>(steps));
  EXPECT_EQ(runner.upgrade("head"), static_cast<int>(steps));
  expect_clean(*database, graph, "up again");
}

TEST_F(Chain, DowngradeMinusOneFromTwoHeadsWarnsAsAlembicDoes) {
  // Two empty branches on the shipped head; `downgrade -1` walks down from the first stored
  // head, like Alembic, and says the choice was arbitrary.
  auto revisions = schema::revisions();
  for (const char* id : {"b1b1b1b1b1b1", "b2b2b2b2b2b2"}) {
    migrate::Revision branch;
    branch.id = id;
    branch.down_revisions = schema::graph().heads();
    branch.message = std::string("branch ") + id;
    revisions.push_back(branch);
  }
  const migrate::RevisionGraph graph(revisions);
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade("heads");
  const auto before = runner.stored_heads();
  ASSERT_EQ(before.size(), 2u);
  log_.clear();
  EXPECT_EQ(runner.downgrade("-1"), 1);
  const auto after = runner.stored_heads();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after.front(), before.back());  // the first stored head went
  ASSERT_FALSE(log_.empty());
  EXPECT_EQ(log_.front(),
            "WARNING: downgrade -1 from multiple heads is ambiguous; this usage will be "
            "disallowed in a future release.");
  // From one head there is nothing ambiguous to warn about.
  log_.clear();
  EXPECT_EQ(runner.downgrade("-1"), 1);
  for (const auto& line : log_) EXPECT_EQ(line.find("ambiguous"), std::string::npos) << line;
}

TEST_F(Chain, TheCascadeFromUserReachesTheChats) {
  auto database = open();
  auto lease = database->acquire();
  Runner(schema::graph(), *lease, runner_options()).upgrade("head");
  const std::string ts = pg() ? "now()" : "'2026-11-26T16:03:53.123Z'";
  const std::string f = pg() ? "false" : "0";
  lease->execute_script(
      "INSERT INTO \"user\" (id, name, email, \"emailVerified\", \"createdAt\", \"updatedAt\") "
      "VALUES ('u1', 'U', 'u@example.com', " +
      f + ", " + ts + ", " + ts +
      ");"
      "INSERT INTO chat_sessions (session_id, user_id) VALUES "
      "('6f1c1d1e-0000-4000-8000-000000000001', 'u1');"
      "INSERT INTO chat_messages (message_id, session_id, role, content) VALUES "
      "('6f1c1d1e-0000-4000-8000-000000000002', '6f1c1d1e-0000-4000-8000-000000000001', 'user', "
      "'hi');"
      "INSERT INTO user_profiles (user_id) VALUES ('u1');");
  lease->execute("DELETE FROM \"user\" WHERE id = 'u1'");
  EXPECT_EQ(lease->query("SELECT count(*) FROM chat_sessions")[0].integer(0), 0);
  EXPECT_EQ(lease->query("SELECT count(*) FROM chat_messages")[0].integer(0), 0);
  EXPECT_EQ(lease->query("SELECT count(*) FROM user_profiles")[0].integer(0), 0);
}

TEST_F(Chain, UnknownStoredRevisionIsReportedAsAlembicDoes) {
  auto database = open();
  {
    auto lease = database->acquire();
    Runner(schema::graph(), *lease, runner_options()).stamp({"e58d1bdc4ddb"}, false);
    lease->execute("UPDATE alembic_version SET version_num = 'deadbeef0000'");
  }
  for (const auto& cmd : std::vector<std::vector<std::string>>{
           {"current"}, {"upgrade", "head"}, {"downgrade", "base"}, {"check"}}) {
    auto r = atrium(cmd);
    EXPECT_EQ(r.exit_code, 1) << cmd.front();
    EXPECT_EQ(r.err, "FAILED: Can't locate revision identified by 'deadbeef0000'\n") << cmd.front();
  }
  // stamp --purge works even then.
  auto purge = atrium({"stamp", "--purge", "e58d1bdc4ddb"});
  EXPECT_EQ(purge.exit_code, 0) << purge.err;
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"e58d1bdc4ddb"});
}

TEST_F(Chain, BadTargetsAreUsageErrors) {
  auto r = atrium({"upgrade", "zzzz"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "FAILED: Can't locate revision identified by 'zzzz'\n");
  r = atrium({"upgrade", "+100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "FAILED: Relative revision +100 didn't produce 100 migrations\n");
  r = atrium({"downgrade", "-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "FAILED: Relative revision -1 didn't produce 1 migrations\n");
}

TEST_F(Chain, CurrentOfAnEmptyDatabasePrintsNothing) {
  auto r = atrium({"current"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(Chain, StampMovesOnlyTheVersion) {
  auto database = open();
  auto r = atrium({"stamp", "e58d1bdc4ddb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"e58d1bdc4ddb"});
  EXPECT_FALSE(has_table(*database, "chat_sessions"));
  r = atrium({"stamp", "base"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(stored_heads(*database).empty());
}

TEST_F(Chain, RelativeAndPrefixTargets) {
  auto database = open();
  ASSERT_EQ(atrium({"upgrade", "+2"}).exit_code, 0);
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"7a3e5c2b9f10"});
  ASSERT_EQ(atrium({"upgrade", "a1d4"}).exit_code, 0);
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"a1d4c6e8f203"});
  ASSERT_EQ(atrium({"downgrade", "e58d1bdc4ddb"}).exit_code, 0);
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"e58d1bdc4ddb"});
  ASSERT_EQ(atrium({"upgrade", "e58d1bdc4ddb+1"}).exit_code, 0);
  EXPECT_EQ(stored_heads(*database), std::vector<std::string>{"7a3e5c2b9f10"});
}

TEST_F(Chain, TheVersionTableNameIsConfigurable) {
  auto database = open();
  ProcessEnv e = env();
  e.set["ATRIUM_VERSION_TABLE"] = "atrium_app_version";
  auto r = run_process({atrium_binary(), "db", "upgrade", "head", "--url", scratch().url()}, e);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(stored_heads(*database, "atrium_app_version"), heads_from_cli());
  EXPECT_FALSE(has_table(*database, "alembic_version"));
  // Created as Alembic would with version_table=atrium_app_version.
  auto lease = database->acquire();
  auto table = migrate::introspect_table(*lease, "atrium_app_version");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->primary_key.columns, std::vector<std::string>{"version_num"});
  EXPECT_EQ(table->primary_key.name, "atrium_app_version_pkc");
  auto check = run_process({atrium_binary(), "db", "check", "--version-table", "atrium_app_version",
                            "--url", scratch().url()},
                           env());
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // Without the setting, the database looks unversioned, and check says why.
  auto plain = atrium({"check"});
  EXPECT_EQ(plain.exit_code, 1);
  EXPECT_NE(plain.out.find("table chat_sessions is not in the schema"), std::string::npos)
      << plain.out;
}

}  // namespace
}  // namespace atrium::testing
