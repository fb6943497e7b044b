// The seed's "Option A": Better Auth created its tables first. With Better Auth's exact DDL
// (better-auth.md §11.2) on a database at e58d1bdc4ddb, `upgrade head` adopts them and
// finishes; plugin extras are kept; a table changed by hand fails the revision with a readable
// difference and changes nothing.

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace migrate;

std::string better_auth_ddl(bool pg) {
  if (!pg) {
    return R"(create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" integer not null, "image" text, "createdAt" date not null, "updatedAt" date not null);
create table "session" ("id" text not null primary key, "expiresAt" date not null, "token" text not null unique, "createdAt" date not null, "updatedAt" date not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);
create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" date, "refreshTokenExpiresAt" date, "scope" text, "password" text, "createdAt" date not null, "updatedAt" date not null);
create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" date not null, "createdAt" date not null, "updatedAt" date not null);
create index "session_userId_idx" on "session" ("userId");
create index "account_userId_idx" on "account" ("userId");
create index "verification_identifier_idx" on "verification" ("identifier");)";
  }
  return R"(create table "user" ("id" text not null primary key, "name" text not null, "email" text not null unique, "emailVerified" boolean not null, "image" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);
create table "session" ("id" text not null primary key, "expiresAt" timestamptz not null, "token" text not null unique, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null, "ipAddress" text, "userAgent" text, "userId" text not null references "user" ("id") on delete cascade);
create table "account" ("id" text not null primary key, "accountId" text not null, "providerId" text not null, "userId" text not null references "user" ("id") on delete cascade, "accessToken" text, "refreshToken" text, "idToken" text, "accessTokenExpiresAt" timestamptz, "refreshTokenExpiresAt" timestamptz, "scope" text, "password" text, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz not null);
create table "verification" ("id" text not null primary key, "identifier" text not null, "value" text not null, "expiresAt" timestamptz not null, "createdAt" timestamptz default CURRENT_TIMESTAMP not null, "updatedAt" timestamptz default CURRENT_TIMESTAMP not null);
create index "session_userId_idx" on "session" ("userId");
create index "account_userId_idx" on "account" ("userId");
create index "verification_identifier_idx" on "verification" ("identifier");)";
}

class Adoption : public MigrateTest {
 protected:
  void SetUp() override {
    database_ = open();
    lease_.emplace(database_->acquire());
    Runner(schema::graph(), conn(), runner_options()).upgrade("e58d1bdc4ddb");
  }
  void TearDown() override { lease_.reset(); }
  db::Connection& conn() { return lease_->get(); }

  std::unique_ptr<db::Database> database_;
  std::optional<db::Lease> lease_;
};

TEST_F(Adoption, BetterAuthsTablesAreAdoptedAndKept) {
  conn().execute_script(better_auth_ddl(pg()));
  const std::string f = pg() ? "false" : "0";
  const std::string ts = pg() ? "now()" : "'2026-11-26T16:03:53.123Z'";
  conn().execute_script("INSERT INTO \"user\" VALUES ('u1', 'U', 'u@example.com', " + f +
                        ", NULL, " + ts + ", " + ts + ")");
  Runner runner(schema::graph(), conn(), runner_options());
  runner.upgrade("head");
  EXPECT_EQ(runner.stored_heads(), schema::graph().heads());
  bool adopted_user = false;
  for (const auto& line : log_) {
    if (line == "adopted the existing table \"user\"") adopted_user = true;
  }
  EXPECT_TRUE(adopted_user);
  EXPECT_EQ(conn().query("SELECT email FROM \"user\"")[0].text(0), "u@example.com");
  expect_clean(*database_, schema::graph(), "after adoption");
}

TEST_F(Adoption, SomeTablesMadeByBetterAuthTheRestCreated) {
  // Only user and session exist (an older Better Auth set-up); account and verification are
  // created.
  const auto ddl = better_auth_ddl(pg());
  std::string first_two;
  std::size_t pos = 0;
  for (int i = 0; i < 2; ++i) {
    auto nl = ddl.find('\n', pos);
    first_two += ddl.substr(pos, nl - pos) + "\n";
    pos = nl + 1;
  }
  conn().execute_script(first_two +
                        "create index \"session_userId_idx\" on \"session\" (\"userId\");");
  Runner(schema::graph(), conn(), runner_options()).upgrade("head");
  expect_clean(*database_, schema::graph(), "after partial adoption");
}

TEST_F(Adoption, PluginExtrasAreKeptAndReported) {
  conn().execute_script(better_auth_ddl(pg()));
  conn().execute_script(
      "ALTER TABLE \"user\" ADD COLUMN \"twoFactorEnabled\" " +
      std::string(pg() ? "boolean" : "integer") +
      ";"
      "CREATE INDEX \"user_twoFactorEnabled_idx\" ON \"user\" (\"twoFactorEnabled\");");
  Runner runner(schema::graph(), conn(), runner_options());
  runner.upgrade("head");
  bool noted = false;
  for (const auto& line : log_) {
    if (line.find("extra column twoFactorEnabled") != std::string::npos) noted = true;
  }
  EXPECT_TRUE(noted);
  auto report = runner.check();
  EXPECT_TRUE(report.comparison.clean());
  EXPECT_FALSE(report.comparison.notes.empty());
}

TEST_F(Adoption, ATableChangedByHandFailsWithADifferenceAndChangesNothing) {
  auto ddl = better_auth_ddl(pg());
  // email made nullable and without its unique constraint; session's cascade removed.
  const std::string email = "\"email\" text not null unique";
  ddl.replace(ddl.find(email), email.size(), "\"email\" text");
  const std::string cascade =
      "references \"user\" (\"id\") on delete cascade);\ncreate table \"account\"";
  ddl.replace(ddl.find(cascade), cascade.size(),
              "references \"user\" (\"id\"));\ncreate table \"account\"");
  conn().execute_script(ddl);
  Runner runner(schema::graph(), conn(), runner_options());
  try {
    runner.upgrade("head");
    FAIL() << "adoption must fail";
  } catch (const MigrationError& e) {
    const std::string what = e.what();
    EXPECT_NE(
        what.find(
            "revision 7a3e5c2b9f10 (better_auth_core_tables) failed in create_table (adopt) user"),
        std::string::npos)
        << what;
    EXPECT_NE(what.find("the existing table \"user\" cannot be adopted"), std::string::npos)
        << what;
    EXPECT_NE(what.find("column email is nullable, expected NOT NULL"), std::string::npos) << what;
    EXPECT_NE(what.find("unique constraint (email) is missing"), std::string::npos) << what;
  }
  EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"e58d1bdc4ddb"});
  // Nothing of the revision stayed: no index created, chat_sessions untouched.
  auto chat = introspect_table(conn(), "chat_sessions");
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->find_column("user_id"), nullptr);
  // The session table's missing cascade is a difference too, once user is fixed.
  conn().execute_script(
      pg()
          ? "ALTER TABLE \"user\" ALTER COLUMN email SET NOT NULL; ALTER TABLE \"user\" ADD UNIQUE "
            "(email)"
          : "DROP TABLE account; DROP TABLE session; DROP TABLE verification; DROP TABLE \"user\"");
  if (pg()) {
    try {
      runner.upgrade("head");
      FAIL() << "adopting session must fail";
    } catch (const MigrationError& e) {
      EXPECT_NE(std::string(e.what()).find("has ON DELETE NO ACTION, expected ON DELETE CASCADE"),
                std::string::npos)
          << e.what();
    }
    EXPECT_EQ(runner.stored_heads(), std::vector<std::string>{"e58d1bdc4ddb"});
  }
}

}  // namespace
}  // namespace atrium::testing
