// `--sql` prints what an online run executes: Alembic's version-table statements, one
// transaction per revision, and on SQLite the rebuild rendered from the implied schema.

#include "migrate/offline.hpp"

#include <gtest/gtest.h>

#include "migrate/errors.hpp"

namespace atrium::migrate {
namespace {

RevisionGraph graph() {
  Revision a;
  a.id = "aaaaaaaaaaaa";
  a.message = "create t";
  a.upgrade = [](Op& op) {
    op.create_table(Table("t")
                        .column(Column("id", Type::text()).not_null())
                        .column(Column("n", Type::integer()))
                        .primary({"id"}));
  };
  a.downgrade = [](Op& op) { op.drop_table("t"); };
  Revision b;
  b.id = "bbbbbbbbbbbb";
  b.down_revisions = {"aaaaaaaaaaaa"};
  b.message = "n not null";
  b.upgrade = [](Op& op) { op.alter_column("t", "n", {.nullable = false}); };
  b.downgrade = [](Op& op) { op.alter_column("t", "n", {.nullable = true}); };
  return RevisionGraph({a, b});
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Offline, PostgresqlScript) {
  OfflineOptions o;
  o.dialect = Dialect::postgresql;
  const auto sql = offline_upgrade(graph(), "head", o);
  EXPECT_EQ(sql.rfind("CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    "
                      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n",
                      0),
            0u);
  EXPECT_TRUE(has(sql, "-- Running upgrade  -> aaaaaaaaaaaa\n\nBEGIN;\n\n"));
  EXPECT_TRUE(has(sql,
                  "INSERT INTO alembic_version (version_num) VALUES ('aaaaaaaaaaaa') RETURNING "
                  "alembic_version.version_num;"));
  EXPECT_TRUE(has(sql, "-- Running upgrade aaaaaaaaaaaa -> bbbbbbbbbbbb\n\n"));
  EXPECT_TRUE(has(sql, "ALTER TABLE t ALTER COLUMN n SET NOT NULL;"));
  EXPECT_TRUE(has(sql,
                  "UPDATE alembic_version SET version_num='bbbbbbbbbbbb' WHERE "
                  "alembic_version.version_num = 'aaaaaaaaaaaa';"));
  EXPECT_TRUE(has(sql, "pg_advisory_xact_lock"));
}

TEST(Offline, SqliteRebuildNeedsNoConnection) {
  OfflineOptions o;
  o.dialect = Dialect::sqlite;
  const auto sql = offline_upgrade(graph(), "aaaaaaaaaaaa:head", o);
  EXPECT_FALSE(has(sql, "CREATE TABLE alembic_version"));
  EXPECT_TRUE(has(sql, "PRAGMA foreign_keys=OFF;\n\nBEGIN;"));
  EXPECT_TRUE(has(sql, "CREATE TABLE _atrium_tmp_t ("));
  EXPECT_TRUE(has(sql, "INSERT INTO _atrium_tmp_t (id, n) SELECT id, n FROM t;"));
  EXPECT_TRUE(has(sql, "PRAGMA foreign_key_check;\n\nCOMMIT;\n\nPRAGMA foreign_keys=ON;"));
  EXPECT_FALSE(has(sql, "RETURNING"));
}

TEST(Offline, DowngradeNeedsARangeAndDropsTheVersionTableAtBase) {
  OfflineOptions o;
  EXPECT_THROW(offline_downgrade(graph(), "base", o), RevisionError);
  try {
    offline_downgrade(graph(), "-1", o);
  } catch (const RevisionError& e) {
    EXPECT_STREQ(e.what(), "downgrade with --sql requires <fromrev>:<torev>");
    EXPECT_TRUE(e.usage());
  }
  const auto sql = offline_downgrade(graph(), "head:base", o);
  EXPECT_TRUE(
      has(sql, "DELETE FROM alembic_version WHERE alembic_version.version_num = 'aaaaaaaaaaaa';"));
  EXPECT_TRUE(has(sql, "DROP TABLE t;"));
  EXPECT_TRUE(has(sql, "DROP TABLE alembic_version;"));
}

}  // namespace
}  // namespace atrium::migrate
