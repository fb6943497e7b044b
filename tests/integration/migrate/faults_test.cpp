// Where Alembic is weak: a revision that fails half-way leaves the previous revision and no
// partial DDL (also on SQLite, and also inside a table rebuild), and the rerun fails the same
// way instead of on "already exists"; an applied revision that is edited later is noticed.

#include "migrate/checksum.hpp"
#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace migrate;

// The shipped chain plus a revision whose second operation fails (an index on a column that
// does not exist), like Alembic's f0f0f0f0f0f0 probe in alembic.md §4.7.
std::vector<Revision> with_failing_revision() {
  auto revisions = schema::revisions();
  Revision probe;
  probe.id = "f0f0f0f0f0f0";
  probe.down_revisions = schema::graph().heads();
  probe.message = "fail_probe";
  probe.upgrade = [](Op& op) {
    op.create_table(
        Table("fail_probe").column(Column("id", Type::integer()).not_null()).primary({"id"}));
    op.create_index("ix_fail_probe_nope", "fail_probe", {"no_such_column"});
  };
  probe.downgrade = [](Op& op) { op.drop_table("fail_probe"); };
  revisions.push_back(probe);
  return revisions;
}

class Faults : public MigrateTest {};

TEST_F(Faults, MidwayFailureLeavesThePreviousRevisionAndNoPartialDdl) {
  const RevisionGraph graph(with_failing_revision());
  const auto previous = schema::graph().heads();
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      runner.upgrade("head");
      FAIL() << "the probe revision must fail";
    } catch (const MigrationError& e) {
      const std::string what = e.what();
      // Names the revision, the operation and the SQL, and the same on the rerun.
      EXPECT_NE(
          what.find("revision f0f0f0f0f0f0 (fail_probe) failed in create_index ix_fail_probe_nope"),
          std::string::npos)
          << what;
      EXPECT_NE(what.find("[SQL: CREATE INDEX ix_fail_probe_nope ON fail_probe (no_such_column)]"),
                std::string::npos)
          << what;
      EXPECT_EQ(what.find("already exists"), std::string::npos) << what;
    }
    // Every revision before the failing one is committed; the failing one left nothing.
    EXPECT_EQ(runner.stored_heads(), previous);
    EXPECT_FALSE(table_exists(*lease, "fail_probe"));
  }
  expect_clean(*database, schema::graph(), "after the failed revision");
}

TEST_F(Faults, FailedRebuildLeavesNoTemporaryTable) {
  // Making a column NOT NULL while NULLs exist fails inside SQLite's copy (and in
  // PostgreSQL's ALTER); either way the table and its rows are as before.
  Revision r;
  r.id = "f1f1f1f1f1f1";
  r.down_revisions = schema::graph().heads();
  r.message = "citations not null";
  r.upgrade = [](Op& op) { op.alter_column("chat_messages", "citations", {.nullable = false}); };
  auto revisions = schema::revisions();
  revisions.push_back(r);
  const RevisionGraph graph(revisions);
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade(schema::graph().heads().front());
  lease->execute_script(
      "INSERT INTO chat_sessions (session_id) VALUES ('00000000-0000-4000-8000-000000000001');"
      "INSERT INTO chat_messages (message_id, session_id, role, content) VALUES "
      "('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', 'user', "
      "'no citations')");
  EXPECT_THROW(runner.upgrade("head"), MigrationError);
  EXPECT_EQ(runner.stored_heads(), schema::graph().heads());
  EXPECT_FALSE(table_exists(*lease, "_atrium_tmp_chat_messages"));
  EXPECT_EQ(lease->query("SELECT count(*) FROM chat_messages")[0].integer(0), 1);
  // Foreign keys are back on after the failed rebuild.
  if (!pg()) {
    EXPECT_EQ(lease->query("PRAGMA foreign_keys")[0].integer(0), 1);
  }
  expect_clean(*database, schema::graph(), "after the failed rebuild");
}

Revision edited(bool with_extra_column) {
  Revision r;
  r.id = "e0e0e0e0e0e0";
  r.message = "a revision edited after it ran";
  r.upgrade = [with_extra_column](Op& op) {
    Table t = Table("edited").column(Column("id", Type::integer()).not_null()).primary({"id"});
    if (with_extra_column) t.column(Column("added_later", Type::text()));
    op.create_table(t);
  };
  r.downgrade = [](Op& op) { op.drop_table("edited"); };
  return r;
}

TEST_F(Faults, AnEditedAppliedRevisionIsNoticed) {
  auto database = open();
  auto lease = database->acquire();
  {
    const RevisionGraph original({edited(false)});
    Runner runner(original, *lease, runner_options());
    runner.upgrade("head");
    EXPECT_TRUE(runner.check().comparison.clean());
  }
  const RevisionGraph changed({edited(true)});
  Runner runner(changed, *lease, runner_options());
  EXPECT_EQ(runner.changed_revisions(runner.stored_heads()),
            std::vector<std::string>{"e0e0e0e0e0e0"});
  log_.clear();
  EXPECT_EQ(runner.upgrade("head"), 0);
  ASSERT_FALSE(log_.empty());
  EXPECT_NE(log_.front().find("WARNING: revision e0e0e0e0e0e0 was changed after it was applied"),
            std::string::npos);
  const auto report = runner.check();
  EXPECT_FALSE(report.comparison.clean());
  bool mentions_checksum = false;
  for (const auto& d : report.comparison.differences) {
    if (d.find("revision e0e0e0e0e0e0 was changed after it was applied") != std::string::npos) {
      mentions_checksum = true;
    }
  }
  EXPECT_TRUE(mentions_checksum);
  // The checksum lives in atrium's table, never in alembic_version.
  EXPECT_EQ(lease->query("SELECT count(*) FROM alembic_version")[0].integer(0), 1);
  EXPECT_EQ(lease->query("SELECT count(*) FROM atrium_revision_checksums")[0].integer(0), 1);
}

TEST_F(Faults, AChecksumIsTheSameOnEveryDialect) {
  auto database = open();
  auto lease = database->acquire();
  Runner runner(schema::graph(), *lease, runner_options());
  runner.upgrade("head");
  for (const auto& row : lease->query("SELECT revision, checksum FROM atrium_revision_checksums")) {
    EXPECT_EQ(row.text(1), checksum(schema::graph().at(row.text(0))));
  }
  EXPECT_EQ(lease->query("SELECT count(*) FROM atrium_revision_checksums")[0].integer(0),
            static_cast<std::int64_t>(schema::graph().applied(schema::graph().heads()).size()));
  runner.downgrade("base");
  EXPECT_EQ(lease->query("SELECT count(*) FROM atrium_revision_checksums")[0].integer(0), 0);
}

}  // namespace
}  // namespace atrium::testing
