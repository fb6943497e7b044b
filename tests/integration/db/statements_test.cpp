// Statements are prepared once per connection and reused (never by name behind a
// transaction pooler, which would lose them), and values are bound, never spliced.

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

class Statements : public DbTest {
 protected:
  void SetUp() override {
    database_ = open({.pool_size = 1});
    lease_ = std::make_unique<db::Lease>(database_->acquire());
    conn().execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  }
  void TearDown() override { lease_.reset(); }
  db::Connection& conn() { return **lease_; }

  std::unique_ptr<db::Database> database_;
  std::unique_ptr<db::Lease> lease_;
};

TEST_F(Statements, TheSameSqlManyTimesIsPreparedOnce) {
  const std::string insert = "INSERT INTO t (id, name) VALUES ($1, $2)";
  const auto before = conn().cached_statements();
  for (std::int64_t i = 0; i < 300; ++i) {
    EXPECT_EQ(conn().execute(insert, {i, "name " + std::to_string(i)}), 1);
  }
  const std::size_t expected_new = pooled() ? 0 : 1;
  EXPECT_EQ(conn().cached_statements(), before + expected_new);
  EXPECT_EQ(conn().query("SELECT count(*) AS c FROM t")[0].integer("c"), 300);
  EXPECT_EQ(conn().query("SELECT name FROM t WHERE id = $1", {std::int64_t{299}})[0].text("name"),
            "name 299");
  if (pg() && !pooled()) {
    // The server agrees: one named statement for that text.
    auto on_server = conn().query(
        "SELECT count(*) AS c FROM pg_prepared_statements WHERE statement = $1", {insert});
    EXPECT_EQ(on_server[0].integer("c"), 1);
  }
}

TEST_F(Statements, DistinctSqlGetsDistinctStatements) {
  const auto before = conn().cached_statements();
  conn().query("SELECT count(*) AS c FROM t");
  conn().query("SELECT count(*) AS c FROM t WHERE id > $1", {std::int64_t{0}});
  conn().query("SELECT count(*) AS c FROM t");
  EXPECT_EQ(conn().cached_statements(), before + (pooled() ? 0 : 2));
}

TEST_F(Statements, ValuesAreBoundNeverSpliced) {
  const std::string hostile = "x'); DROP TABLE t; --";
  conn().execute("INSERT INTO t (id, name) VALUES ($1, $2)", {std::int64_t{1}, hostile});
  EXPECT_EQ(conn().query("SELECT name FROM t")[0].text("name"), hostile);
  // A placeholder spelled inside a literal or a comment is just text.
  auto row = conn().query("SELECT '$1' AS lit, $1 AS p /* $2 */", {std::string("v")})[0];
  EXPECT_EQ(row.text("lit"), "$1");
  EXPECT_EQ(row.text("p"), "v");
}

TEST_F(Statements, ACachedStatementFollowsASchemaChange) {
  conn().execute("INSERT INTO t (id, name) VALUES (1, 'a')");
  EXPECT_EQ(conn().query("SELECT * FROM t")[0].size(), 2u);
  conn().execute_script("ALTER TABLE t ADD COLUMN extra INTEGER DEFAULT 7");
  auto row = conn().query("SELECT * FROM t")[0];
  ASSERT_EQ(row.size(), 3u);
  EXPECT_EQ(row.integer("extra"), 7);
}

TEST_F(Statements, ACachedStatementNamesARenamedColumnAnew) {
  // Same number of columns, another name: the result's names must not be the cached ones.
  conn().execute("INSERT INTO t (id, name) VALUES (1, 'a')");
  EXPECT_EQ(conn().query("SELECT * FROM t")[0].text("name"), "a");
  conn().execute_script("ALTER TABLE t RENAME COLUMN name TO title");
  auto row = conn().query("SELECT * FROM t")[0];
  ASSERT_EQ(row.size(), 2u);
  EXPECT_EQ(row.text("title"), "a");
  EXPECT_EQ(row.columns()[1], "title");
}

TEST_F(Statements, ExecuteScriptRunsSeveralStatements) {
  conn().execute_script(
      "INSERT INTO t (id, name) VALUES (1, 'a');\n"
      "-- a comment between statements\n"
      "INSERT INTO t (id, name) VALUES (2, 'b');\n"
      "UPDATE t SET name = 'c' WHERE id = 2;");
  auto result = conn().query("SELECT name FROM t ORDER BY id");
  ASSERT_EQ(result.size(), 2u);
  EXPECT_EQ(result[1].text("name"), "c");
}

// query_batch: pipelined on PostgreSQL (outside a transaction and a transaction pooler), one
// after another elsewhere; the same answers either way.
std::vector<std::vector<db::Value>> id_sets(std::initializer_list<std::int64_t> ids) {
  std::vector<std::vector<db::Value>> sets;
  for (auto id : ids) sets.push_back({id});
  return sets;
}

std::vector<std::span<const db::Value>> spans(const std::vector<std::vector<db::Value>>& sets) {
  return {sets.begin(), sets.end()};
}

TEST_F(Statements, ABatchAnswersEachParameterSetInOrder) {
  for (std::int64_t i = 1; i <= 5; ++i) {
    conn().execute("INSERT INTO t (id, name) VALUES ($1, $2)", {i, "n" + std::to_string(i)});
  }
  const auto sets = id_sets({3, 1, 99, 5, 3});
  auto results = conn().query_batch("SELECT id, name FROM t WHERE id = $1", spans(sets));
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0][0].text("name"), "n3");
  EXPECT_EQ(results[1][0].text("name"), "n1");
  EXPECT_TRUE(results[2].empty());
  EXPECT_EQ(results[3][0].integer("id"), 5);
  EXPECT_EQ(results[4][0].text("name"), "n3");
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(conn().query("SELECT count(*) AS c FROM t")[0].integer("c"), 5);
}

TEST_F(Statements, ABatchOfMixedParameterTypesAnswersToo) {
  conn().execute("INSERT INTO t (id, name) VALUES (1, 'a')");
  const std::vector<std::vector<db::Value>> sets = {{std::string("a")}, {db::null}, {"b"}};
  auto results = conn().query_batch("SELECT count(*) AS c FROM t WHERE name = $1", spans(sets));
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0][0].integer("c"), 1);
  EXPECT_EQ(results[1][0].integer("c"), 0);
  EXPECT_EQ(results[2][0].integer("c"), 0);
}

TEST_F(Statements, ABatchWithAFailingReadThrowsAndTheConnectionStaysUsable) {
  // A value the statement cannot take: PostgreSQL refuses the cast, SQLite the JSON.
  const std::string sql = pg() ? "SELECT CAST($1 AS integer) AS v" : "SELECT json($1) AS v";
  const std::string good = "7";
  const std::vector<std::vector<db::Value>> sets = {{good}, {std::string("{nope")}, {good}};
  auto error = db_error_from([&] { conn().query_batch(sql, spans(sets)); });
  EXPECT_NE(error.db_kind(), db::DbErrorKind::connection_lost);
  EXPECT_FALSE(conn().is_broken());
  EXPECT_FALSE(conn().in_transaction());
  const auto row = conn().query(sql, {good})[0];
  EXPECT_EQ(pg() ? std::to_string(row.integer("v")) : row.text("v"), "7");
  const auto ok = std::vector<std::vector<db::Value>>{{good}, {good}};
  EXPECT_EQ(conn().query_batch(sql, spans(ok)).size(), 2u);
}

TEST_F(Statements, ABatchInsideATransactionSeesItsWrites) {
  {
    db::Transaction tx(conn());
    conn().execute("INSERT INTO t (id, name) VALUES (1, 'a')");
    const auto sets = id_sets({1, 2});
    auto results = conn().query_batch("SELECT name FROM t WHERE id = $1", spans(sets));
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0][0].text("name"), "a");
    EXPECT_TRUE(results[1].empty());
    EXPECT_TRUE(conn().in_transaction());
  }  // rolled back
  EXPECT_EQ(conn().query("SELECT count(*) AS c FROM t")[0].integer("c"), 0);
}

TEST_F(Statements, AnEmptyBatchAnswersNothing) {
  EXPECT_TRUE(conn().query_batch("SELECT 1 AS one", {}).empty());
}

// copy_rows: PostgreSQL's COPY, or false (nothing written) where the driver has no bulk path.
class CopyRows : public Statements {
 protected:
  void SetUp() override {
    Statements::SetUp();
    conn().execute_script(
        "CREATE TABLE c (name TEXT NOT NULL, n INTEGER, x DOUBLE PRECISION, flag BOOLEAN)");
  }
  static constexpr std::array<std::string_view, 4> kColumns = {"name", "n", "x", "flag"};
};

TEST_F(CopyRows, EveryValueArrivesAsAnInsertWouldWriteIt) {
  const std::vector<std::string> names = {"plain",  "tab\there", "line\nbreak", "back\\slash\\N",
                                          "cr\rlf", "\\N",       "ünïcødé ✓",   ""};
  std::vector<db::Value> values;
  for (std::size_t i = 0; i < names.size(); ++i) {
    values.emplace_back(names[i]);
    values.emplace_back(static_cast<std::int64_t>(i) - 3);
    if (i == 2) {
      values.emplace_back(db::null);
    } else {
      values.emplace_back(i == 4 ? 0.1 + 0.2 : -1.5e-300 * static_cast<double>(i));
    }
    values.emplace_back(i % 2 == 0);
  }
  const bool copied = conn().copy_rows("c", kColumns, values);
  EXPECT_EQ(copied, pg());
  if (!copied) {
    EXPECT_EQ(conn().query("SELECT count(*) AS k FROM c")[0].integer("k"), 0);
    return;
  }
  auto rows = conn().query("SELECT name, n, x, flag FROM c ORDER BY n");
  ASSERT_EQ(rows.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& row = rows[i];
    EXPECT_EQ(row.text("name"), names[i]) << i;
    EXPECT_EQ(row.integer("n"), static_cast<std::int64_t>(i) - 3);
    if (i == 2) {
      EXPECT_TRUE(row.is_null("x"));
    } else {
      EXPECT_EQ(row.real("x"), i == 4 ? 0.1 + 0.2 : -1.5e-300 * static_cast<double>(i)) << i;
    }
    EXPECT_EQ(row.boolean("flag"), i % 2 == 0);
  }
}

TEST_F(CopyRows, AFailingRowWritesNothingAndTheConnectionStaysUsable) {
  const std::vector<db::Value> values = {std::string("a"), std::int64_t{1}, 1.0, true,
                                         db::null,         std::int64_t{2}, 2.0, false};
  if (!pg()) {
    EXPECT_FALSE(conn().copy_rows("c", kColumns, values));
    return;
  }
  auto error = db_error_from([&] { conn().copy_rows("c", kColumns, values); });
  EXPECT_EQ(error.db_kind(), db::DbErrorKind::not_null_violation);
  EXPECT_FALSE(conn().is_broken());
  EXPECT_EQ(conn().query("SELECT count(*) AS k FROM c")[0].integer("k"), 0);
  // Inside a transaction the failure aborts it, as an INSERT's would.
  {
    db::Transaction tx(conn());
    EXPECT_THROW(conn().copy_rows("c", kColumns, values), db::DbError);
  }
  EXPECT_FALSE(conn().in_transaction());
  const std::vector<db::Value> good = {std::string("b"), std::int64_t{3}, 3.0, true};
  EXPECT_TRUE(conn().copy_rows("c", kColumns, good));
  EXPECT_EQ(conn().query("SELECT count(*) AS k FROM c")[0].integer("k"), 1);
  // An unknown table is the COPY's own error.
  EXPECT_EQ(db_error_from([&] { conn().copy_rows("missing", kColumns, good); }).db_kind(),
            db::DbErrorKind::syntax);
}

TEST_F(CopyRows, BytesAndPartRowsAreRefused) {
  conn().execute_script(pg() ? "CREATE TABLE b (data BYTEA)" : "CREATE TABLE b (data BLOB)");
  const std::array<std::string_view, 1> column = {"data"};
  const std::vector<db::Value> blob = {db::Blob{{1, 2, 3}}};
  EXPECT_FALSE(conn().copy_rows("b", column, blob));
  EXPECT_EQ(conn().query("SELECT count(*) AS k FROM b")[0].integer("k"), 0);
  if (pg()) {
    const std::vector<db::Value> partial = {std::string("a"), std::int64_t{1}};
    EXPECT_THROW(conn().copy_rows("c", kColumns, partial), db::DbError);
  }
}

}  // namespace
}  // namespace atrium::testing
