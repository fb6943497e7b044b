// Differences are found by meaning and reported one readable line each.

#include "migrate/compare.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

constexpr auto pg = Dialect::postgresql;

Table expected_user() {
  return Table("user")
      .column(Column("id", Type::text()).not_null())
      .column(Column("email", Type::text()).not_null())
      .column(Column("createdAt", Type::timestamp()).not_null().default_(Default::now()))
      .primary({"id"})
      .unique({"email"});
}

Table live_user() {
  return Table("user")
      .column(Column("id", Type::spelled("text")).not_null())
      .column(Column("email", Type::spelled("text")).not_null())
      .column(Column("createdAt", Type::spelled("timestamp with time zone"))
                  .not_null()
                  .default_(Default::expression("CURRENT_TIMESTAMP")))
      .primary({"id"}, "user_pkey")
      .unique({"email"}, "user_email_key");
}

Comparison compare(const Table& want, const Table& have, CompareOptions o = {}) {
  Comparison c;
  compare_table(want, have, pg, o, c);
  return c;
}

TEST(Compare, SameMeaningIsClean) {
  const auto c = compare(expected_user(), live_user());
  EXPECT_TRUE(c.clean()) << c.differences.front();
}

TEST(Compare, DriftIsReportedReadably) {
  Table have = live_user();
  have.columns[1].nullable = true;
  have.columns[2].type = Type::spelled("timestamp without time zone");
  have.uniques.clear();
  have.columns.push_back(Column("extra", Type::spelled("text")));
  const auto c = compare(expected_user(), have);
  EXPECT_EQ(
      c.differences,
      (std::vector<std::string>{
          "table user: column email is nullable, expected NOT NULL",
          "table user: column createdAt has type timestamp without time zone, expected timestamptz",
          "table user: column extra is not in the schema",
          "table user: unique constraint (email) is missing"}));
}

TEST(Compare, PluginExtrasAreNotesWhenAllowed) {
  Table have = live_user();
  have.columns.push_back(Column("username", Type::spelled("text")));
  have.uniques.push_back({"user_username_key", {"username"}});
  have.indexes.push_back({"user_username_idx", "user", {"username"}, false, "", "", true});
  CompareOptions o;
  o.allow_extras = true;
  const auto c = compare(expected_user(), have, o);
  EXPECT_TRUE(c.clean());
  EXPECT_EQ(c.notes.size(), 3u);
  // A NOT NULL extra without a default would make atrium's inserts fail.
  have.columns.push_back(Column("role", Type::spelled("text")).not_null());
  EXPECT_FALSE(compare(expected_user(), have, o).clean());
}

TEST(Compare, ForeignKeyRuleMatters) {
  Table want = Table("s")
                   .column(Column("userId", Type::text()).not_null())
                   .foreign_key("", {"userId"}, "user", {"id"}, FkAction::cascade);
  Table have = Table("s")
                   .column(Column("userId", Type::spelled("text")).not_null())
                   .foreign_key("s_userId_fkey", {"userId"}, "user", {"id"});
  const auto c = compare(want, have);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_EQ(
      c.differences[0],
      "table s: foreign key (userId) -> user has ON DELETE NO ACTION, expected ON DELETE CASCADE");
}

TEST(Compare, SchemasListMissingAndExtraTables) {
  Schema want, have;
  want.tables.push_back(expected_user());
  have.tables.push_back(Table("alembic_version"));
  have.tables.push_back(Table("atrium_revision_checksums"));
  have.tables.push_back(Table("_alembic_tmp_chat_sessions"));
  const auto c = compare_schemas(want, have, pg, {}, {"alembic_version"});
  EXPECT_EQ(c.differences,
            (std::vector<std::string>{"table user is missing",
                                      "table _alembic_tmp_chat_sessions is not in the schema"}));
}

TEST(Compare, InvalidIndexIsDrift) {
  Table want = expected_user();
  want.indexes.push_back({"ix", "user", {"email"}, false, "", "", true});
  Table have = live_user();
  have.indexes.push_back({"ix", "user", {"email"}, false, "", "", false});
  const auto c = compare(want, have);
  ASSERT_EQ(c.differences.size(), 1u);
  EXPECT_NE(c.differences[0].find("INVALID"), std::string::npos);
}

}  // namespace
}  // namespace atrium::migrate
