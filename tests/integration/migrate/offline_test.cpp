// `upgrade head --sql` is the exact script: applied with the dialect's own client (sqlite3 or
// psql) it gives a schema `check` accepts, at the head, with the checksums recorded; and the
// downgrade script takes it back to nothing.

#include <fstream>

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

class Offline : public MigrateTest {
 protected:
  // Applies a script with sqlite3 or psql, stopping at the first error.
  void apply(const std::string& script) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("atrium-offline-" + std::to_string(::getpid()) + ".sql");
    std::ofstream(path) << script;
    ProcessResult r;
    if (pg()) {
      r = run_process({"/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", scratch().url(),
                       "-f", path.string()});
    } else {
      r = run_process(
          {"/bin/sh", "-c",
           "/usr/bin/sqlite3 -bail '" + scratch().name() + "' < '" + path.string() + "'"});
    }
    std::filesystem::remove(path);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }
};

TEST_F(Offline, UpgradeScriptAppliedByTheClientIsClean) {
  auto sql = atrium({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_NE(sql.out.find("CREATE TABLE alembic_version"), std::string::npos);
  apply(sql.out);
  auto database = open();
  EXPECT_EQ(stored_heads(*database), heads_from_cli());
  auto check = atrium({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out;
  // The online runner agrees that nothing is left to do.
  auto up = atrium({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(up.err.find("Running upgrade"), std::string::npos) << up.err;
}

TEST_F(Offline, ARangeContinuesAnExistingDatabase) {
  ASSERT_EQ(atrium({"upgrade", "e58d1bdc4ddb"}).exit_code, 0);
  auto sql = atrium({"upgrade", "e58d1bdc4ddb:head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.err;
  EXPECT_EQ(sql.out.find("CREATE TABLE alembic_version"), std::string::npos);
  apply(sql.out);
  EXPECT_EQ(atrium({"check"}).exit_code, 0);
}

TEST_F(Offline, DowngradeScriptReturnsToNothing) {
  ASSERT_EQ(atrium({"upgrade", "head"}).exit_code, 0);
  auto down = atrium({"downgrade", "head:base", "--sql"});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  apply(down.out);
  auto database = open();
  EXPECT_FALSE(has_table(*database, "alembic_version"));
  EXPECT_FALSE(has_table(*database, "chat_sessions"));
  EXPECT_FALSE(has_table(*database, "user"));
  auto bad = atrium({"downgrade", "base", "--sql"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "FAILED: downgrade with --sql requires <fromrev>:<torev>\n");
}

TEST_F(Offline, NoConnectionIsMade) {
  // An unreachable host works for --sql: the URL only selects the dialect.
  auto r = run_process(
      {atrium_binary(), "db", "upgrade", "head", "--sql", "--url",
       pg() ? "postgresql://nobody@invalid.invalid:1/none" : "sqlite:////nonexistent-dir/never.db"},
      env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("COMMIT;"), std::string::npos);
}

}  // namespace
}  // namespace atrium::testing
