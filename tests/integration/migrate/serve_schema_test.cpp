// `atrium serve` and the schema: the embedded default database is migrated to head on start;
// any other database that is behind makes serve refuse, naming the command to run.

#include "app/db_commands.hpp"
#include "core/config.hpp"
#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

class ServeSchema : public MigrateTest {
 protected:
  Config config(bool is_default) const {
    Config c;
    c.database_url = scratch().url();
    c.database_is_default = is_default;
    c.pg_pooler_transaction = pooled();
    return c;
  }
};

TEST_F(ServeSchema, TheEmbeddedDefaultIsMigratedToHead) {
  auto database = open();
  ensure_schema_for_serve(config(true), *database);
  EXPECT_EQ(stored_heads(*database), heads_from_cli());
  expect_clean(*database, schema::graph(), "after serve's upgrade");
}

TEST_F(ServeSchema, ADatabaseThatIsBehindIsRefusedWithTheCommandToRun) {
  auto database = open();
  try {
    ensure_schema_for_serve(config(false), *database);
    FAIL() << "serve must refuse an empty database it does not own";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("atrium db upgrade head"), std::string::npos) << what;
    EXPECT_NE(what.find("base"), std::string::npos) << what;
  }
  EXPECT_FALSE(has_table(*database, "chat_sessions"));  // nothing was changed
  ASSERT_EQ(atrium({"upgrade", "e58d1bdc4ddb"}).exit_code, 0);
  EXPECT_THROW(ensure_schema_for_serve(config(false), *database), ConfigError);
  ASSERT_EQ(atrium({"upgrade", "head"}).exit_code, 0);
  EXPECT_NO_THROW(ensure_schema_for_serve(config(false), *database));
}

TEST_F(ServeSchema, TheBinaryRefusesToServeABehindDatabase) {
  ProcessEnv e = env();
  e.set["DATABASE_URL"] = scratch().url();
  e.set["ATRIUM_PORT"] = "0";
  e.set["BETTER_AUTH_SECRET"] = "a-secret-of-at-least-thirty-two-characters";
  auto r = run_process({atrium_binary(), "serve"}, e, "", std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("atrium db upgrade head"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace atrium::testing
