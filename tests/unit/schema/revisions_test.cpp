// The shipped chain as schema.md fixes it: ids, order, one head, and the tables each
// revision implies on both dialects.

#include "schema/revisions.hpp"

#include <gtest/gtest.h>

#include <set>

#include "migrate/render.hpp"
#include "migrate/replay.hpp"
#include "migrate/runner.hpp"

namespace atrium::schema {
namespace {

using migrate::Dialect;

TEST(Revisions, FixedIdsInOrder) {
  const std::vector<std::string> fixed = {"e58d1bdc4ddb", "7a3e5c2b9f10", "a1d4c6e8f203",
                                          "b2e5d7f9a314", "c3f6e8a0b425", "d4a7f9b1c536"};
  const auto all = revisions();
  ASSERT_GE(all.size(), fixed.size());
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    EXPECT_EQ(all[i].id, fixed[i]);
    if (i > 0) {
      EXPECT_EQ(all[i].down_revisions, std::vector<std::string>{fixed[i - 1]});
    }
  }
  EXPECT_TRUE(all[0].down_revisions.empty());
  EXPECT_EQ(graph().heads().size(), 1u);
}

TEST(Revisions, EveryRevisionHasAMessageAndBothDirections) {
  for (const auto& r : revisions()) {
    EXPECT_FALSE(r.message.empty()) << r.id;
    EXPECT_TRUE(r.upgrade) << r.id;
    EXPECT_TRUE(r.downgrade) << r.id;
    EXPECT_EQ(r.id.size(), 12u);
  }
}

TEST(Revisions, UpgradeThenDowngradeLeavesNothing) {
  for (Dialect d : {Dialect::sqlite, Dialect::postgresql}) {
    migrate::Schema s;
    const auto ids = graph().applied(graph().heads());
    for (const auto& id : ids) {
      migrate::Op op(d);
      graph().at(id).upgrade(op);
      for (const auto& o : op.operations()) migrate::apply(s, o, d);
    }
    std::set<std::string> tables;
    for (const auto& t : s.tables) tables.insert(t.name);
    for (const char* t :
         {"chat_sessions", "chat_messages", "api_metrics", "user", "session", "account",
          "verification", "user_profiles", "user_background_questionnaire", "rateLimit"}) {
      EXPECT_TRUE(tables.count(t)) << t;
    }
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      migrate::Op op(d);
      graph().at(*it).downgrade(op);
      for (const auto& o : op.operations()) migrate::apply(s, o, d);
    }
    EXPECT_TRUE(s.tables.empty());
  }
}

TEST(Revisions, BetterAuthTablesAsBetterAuthMakesThem) {
  const auto lite =
      migrate::implied_schema(graph(), {"e58d1bdc4ddb", "7a3e5c2b9f10"}, Dialect::sqlite);
  EXPECT_EQ(migrate::create_table_sql(*lite.find("user"), Dialect::sqlite),
            "CREATE TABLE \"user\" (\n    id text NOT NULL PRIMARY KEY,\n    name text NOT NULL,\n"
            "    email text NOT NULL UNIQUE,\n    \"emailVerified\" integer NOT NULL,\n    image "
            "text,\n    \"createdAt\" date NOT NULL,\n    \"updatedAt\" date NOT NULL\n)");
  const auto pg =
      migrate::implied_schema(graph(), {"e58d1bdc4ddb", "7a3e5c2b9f10"}, Dialect::postgresql);
  const auto* session = pg.find("session");
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(
      migrate::create_table_sql(*session, Dialect::postgresql),
      "CREATE TABLE session (\n    id text NOT NULL PRIMARY KEY,\n    \"expiresAt\" timestamptz "
      "NOT NULL,\n    token text NOT NULL UNIQUE,\n    \"createdAt\" timestamptz NOT NULL "
      "DEFAULT CURRENT_TIMESTAMP,\n    \"updatedAt\" timestamptz NOT NULL,\n    \"ipAddress\" "
      "text,\n    \"userAgent\" text,\n    \"userId\" text NOT NULL REFERENCES \"user\" (id) "
      "ON DELETE CASCADE\n)");
  EXPECT_NE(pg.find("session")->find_index("session_userId_idx"), nullptr);
  EXPECT_NE(pg.find("account")->find_index("account_userId_idx"), nullptr);
  EXPECT_NE(pg.find("verification")->find_index("verification_identifier_idx"), nullptr);
}

TEST(Revisions, EveryForeignKeyToTheUserCascades) {
  const auto s =
      migrate::implied_schema(graph(), graph().applied(graph().heads()), Dialect::postgresql);
  int to_user = 0;
  for (const auto& t : s.tables) {
    for (const auto& fk : t.foreign_keys) {
      if (fk.ref_table == "user") {
        ++to_user;
        EXPECT_EQ(fk.on_delete, migrate::FkAction::cascade) << t.name;
      }
    }
  }
  EXPECT_EQ(to_user, 5);
}

TEST(Revisions, AddUserIdNeedsNoRebuildOnSqlite) {
  migrate::Op op(Dialect::sqlite);
  graph().at("a1d4c6e8f203").upgrade(op);
  const auto s =
      migrate::implied_schema(graph(), {"e58d1bdc4ddb", "7a3e5c2b9f10"}, Dialect::sqlite);
  const auto* sessions = s.find("chat_sessions");
  for (const auto& o : op.operations()) EXPECT_FALSE(migrate::sqlite_needs_rebuild(o, sessions));
}

}  // namespace
}  // namespace atrium::schema
