// Statements are prepared once per connection and reused (never by name behind a
// transaction pooler, which would lose them), and values are bound, never spliced.

#include <span>
#include <string>
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

}  // namespace
}  // namespace atrium::testing
