#include "migrate/sqlite_ddl.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

TEST(SqliteDdl, FindsNamesChecksAndAutoincrement) {
  const auto ddl = parse_sqlite_create_table(
      "CREATE TABLE \"t\" (\n  id integer NOT NULL PRIMARY KEY AUTOINCREMENT,\n"
      "  \"userId\" text CONSTRAINT fk_t_user REFERENCES \"user\" (id) ON DELETE CASCADE,\n"
      "  n integer DEFAULT (1 + 2) CONSTRAINT ck_n CHECK (n > 0),\n"
      "  a text, b text,\n"
      "  CONSTRAINT uq_ab UNIQUE (a, b),\n"
      "  CONSTRAINT fk_ab FOREIGN KEY(a, b) REFERENCES p (x, y),\n"
      "  CHECK (length(a) < 10)\n)");
  EXPECT_TRUE(ddl.autoincrement);
  ASSERT_EQ(ddl.foreign_keys.size(), 2u);
  EXPECT_EQ(ddl.foreign_keys[0].name, "fk_t_user");
  EXPECT_EQ(ddl.foreign_keys[0].columns, std::vector<std::string>{"userId"});
  EXPECT_EQ(ddl.foreign_keys[0].ref_table, "user");
  EXPECT_EQ(ddl.foreign_keys[1].name, "fk_ab");
  EXPECT_EQ(ddl.foreign_keys[1].columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(ddl.checks.size(), 2u);
  EXPECT_EQ(ddl.checks[0].name, "ck_n");
  EXPECT_EQ(ddl.checks[0].expression, "n > 0");
  EXPECT_EQ(ddl.checks[1].name, "");
  EXPECT_EQ(ddl.checks[1].expression, "length(a) < 10");
  ASSERT_EQ(ddl.uniques.size(), 1u);
  EXPECT_EQ(ddl.uniques[0].name, "uq_ab");
}

TEST(SqliteDdl, SqlAlchemysOwnText) {
  const auto ddl = parse_sqlite_create_table(
      "CREATE TABLE chat_messages (\n\tmessage_id CHAR(36) NOT NULL, \n\tsession_id CHAR(36) NOT "
      "NULL, \n\tcreated_at TIMESTAMP DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL, "
      "\n\tPRIMARY KEY (message_id), \n\tCONSTRAINT fk_chat_messages_session_id_chat_sessions "
      "FOREIGN KEY(session_id) REFERENCES chat_sessions (session_id) ON DELETE CASCADE\n)");
  EXPECT_FALSE(ddl.autoincrement);
  ASSERT_EQ(ddl.foreign_keys.size(), 1u);
  EXPECT_EQ(ddl.foreign_keys[0].name, "fk_chat_messages_session_id_chat_sessions");
}

TEST(SqliteDdl, IndexPredicate) {
  EXPECT_EQ(sqlite_index_predicate("CREATE INDEX ix ON t (a) WHERE a IS NOT NULL"),
            "a IS NOT NULL");
  EXPECT_EQ(sqlite_index_predicate("CREATE INDEX ix ON t (a)"), "");
}

}  // namespace
}  // namespace atrium::migrate
