// Opening databases: the URL spellings people have, in-memory SQLite, and failures that say
// what went wrong at start rather than at the first request.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/config.hpp"
#include "db/postgres/libpq.hpp"
#include "db_fixture.hpp"

namespace atrium::testing {
namespace {

class Open : public DbTest {};

TEST_F(Open, TheScratchUrlOpensWithTheRightDialect) {
  auto database = open();
  EXPECT_EQ(database->dialect(), scratch().dialect());
  EXPECT_EQ(database->acquire()->dialect(), scratch().dialect());
  EXPECT_EQ(database->acquire()->query("SELECT 40 + 2 AS n")[0].integer("n"), 42);
}

TEST_F(Open, OtherSpellingsOfTheSameDatabase) {
  if (!pg()) {
    // sqlite:///relative resolves against the working directory, like SQLAlchemy.
    auto file = std::filesystem::path(scratch().name());
    const auto previous = std::filesystem::current_path();
    std::filesystem::current_path(file.parent_path());
    auto relative = db::Database::open("sqlite:///" + file.filename().string());
    std::filesystem::current_path(previous);
    relative->acquire()->execute_script("CREATE TABLE marker (x INTEGER)");
    EXPECT_EQ(open()->acquire()->query("SELECT count(*) AS c FROM marker")[0].integer("c"), 0);
    return;
  }
  const char* socket_dir = std::getenv("ATRIUM_TEST_PG_SOCKET_DIR");
  const char* port = std::getenv("ATRIUM_TEST_PG_PORT");
  ASSERT_TRUE(socket_dir && port) << "run through scripts/with-test-postgres";
  // A unix-socket host as a query parameter, and the postgres:// and +psycopg2 schemes.
  const std::string name = scratch().name();
  for (const std::string& url :
       {"postgresql:///" + name + "?host=" + socket_dir + "&port=" + port + "&user=postgres",
        "postgresql+psycopg2:///" + name + "?host=" + socket_dir + "&port=" + port +
            "&user=postgres&sslmode=disable&application_name=atrium-test",
        "postgres://postgres@127.0.0.1:" + std::string(port) + "/" + name}) {
    auto database = db::Database::open(url);
    auto row = database->acquire()->query("SELECT current_database() AS db")[0];
    EXPECT_EQ(row.text("db"), name) << url;
  }
}

TEST_F(Open, SessionSettingsHoldWhateverTheServerDefaults) {
  if (pg()) {
    // Defaults a server could really have; atrium must not depend on them.
    const std::string name = scratch().name();
    scratch()
        .open_direct({.pool_size = 1})
        ->acquire()
        ->execute_script("ALTER DATABASE " + name + " SET TimeZone TO 'Pacific/Chatham';" +
                         "ALTER DATABASE " + name + " SET DateStyle TO 'SQL, DMY'");
    PGconn* raw = db::postgres::libpq().PQconnectdb(scratch().direct_url().c_str());
    ASSERT_EQ(db::postgres::libpq().PQstatus(raw), CONNECTION_OK)
        << db::postgres::libpq().PQerrorMessage(raw);
    EXPECT_STREQ(db::postgres::libpq().PQparameterStatus(raw, "TimeZone"), "Pacific/Chatham");
    db::postgres::libpq().PQfinish(raw);
  }
  // Two connections at once: behind PgBouncer each is its own server connection, and the
  // settings must hold on both.
  auto database = open({.pool_size = 2});
  auto first = database->acquire();
  auto second = database->acquire();
  for (db::Connection* conn : {&first.get(), &second.get()}) {
    db::Transaction tx(*conn);
    if (pg()) {
      EXPECT_EQ(conn->query("SELECT current_setting('TimeZone') AS tz")[0].text("tz"), "UTC");
      EXPECT_EQ(conn->query("SELECT current_setting('DateStyle') AS ds")[0].text("ds"), "ISO, MDY");
      EXPECT_EQ(
          conn->query("SELECT CAST($1 AS timestamptz) AS t", {"2024-01-02 03:04:05+02:00"})[0].text(
              "t"),
          "2024-01-02 01:04:05+00");
    } else {
      // SQLite's date functions are UTC by definition.
      EXPECT_EQ(conn->query("SELECT datetime($1) AS t", {"2024-01-02 03:04:05+02:00"})[0].text("t"),
                "2024-01-02 01:04:05");
      EXPECT_EQ(conn->query("PRAGMA journal_mode")[0].text(0), "wal");
      EXPECT_EQ(conn->query("PRAGMA foreign_keys")[0].integer(0), 1);
      EXPECT_EQ(conn->query("PRAGMA synchronous")[0].integer(0), 1);  // NORMAL
    }
    tx.commit();
  }
}

TEST_F(Open, InMemorySqliteIsOneConnectionThatKeepsItsData) {
  auto database = db::Database::open("sqlite://", {.pool_size = 8});
  EXPECT_EQ(database->options().pool_size, 1u);
  database->acquire()->execute_script("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (5)");
  EXPECT_EQ(database->acquire()->query("SELECT x FROM t")[0].integer("x"), 5);
  {
    auto held = database->acquire();
    EXPECT_EQ(db_error_from([&] { database->acquire(std::chrono::milliseconds(10)); }).db_kind(),
              db::DbErrorKind::pool_timeout);
  }
  EXPECT_EQ(db_error_from([&] { database->connect(); }).db_kind(), db::DbErrorKind::other);
}

TEST_F(Open, FailuresAreClearAtStart) {
  if (!pg()) {
    auto e = db_error_from(
        [&] { db::Database::open("sqlite:////nonexistent-dir-for-atrium/x/app.db"); });
    EXPECT_EQ(e.db_kind(), db::DbErrorKind::connection_lost) << e.what();
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir-for-atrium/x/app.db"),
              std::string::npos);
    // A file that is not a database.
    const auto junk = std::filesystem::path(scratch().name()).parent_path() / "junk.db";
    {
      std::FILE* f = std::fopen(junk.c_str(), "w");
      std::fputs(std::string(4096, 'x').c_str(), f);
      std::fclose(f);
    }
    auto not_db = db_error_from([&] { db::Database::open("sqlite:///" + junk.string()); });
    EXPECT_NE(std::string(not_db.what()).find("not a database"), std::string::npos)
        << not_db.what();
  } else {
    // Nothing listens on port 1; the password must not leak into the message.
    auto e = db_error_from(
        [&] { db::Database::open("postgresql://postgres:hunter2@127.0.0.1:1/nope"); });
    EXPECT_EQ(e.db_kind(), db::DbErrorKind::connection_lost) << e.what();
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("XXXXX"), std::string::npos) << e.what();
    auto missing = db_error_from([&] {
      db::Database::open(with_database_name(scratch().direct_url(), "atrium_no_such_db"));
    });
    EXPECT_NE(std::string(missing.what()).find("atrium_no_such_db"), std::string::npos)
        << missing.what();
  }
  EXPECT_THROW(db::Database::open("mysql://u@h/db"), ConfigError);
}

TEST_F(Open, ACommandLeavesItsWalToTheNextOpenerWithEveryCommitInIt) {
  if (pg()) {
    // A server whose zone is only spelled differently from UTC (initdb on an Etc/UTC machine)
    // prints timestamps exactly as a UTC session does.
    const std::string name = scratch().name();
    scratch()
        .open_direct({.pool_size = 1})
        ->acquire()
        ->execute_script("ALTER DATABASE " + name + " SET TimeZone TO 'Etc/UTC'");
    auto conn = open({.pool_size = 1})->acquire();
    EXPECT_EQ(
        conn->query("SELECT CAST($1 AS timestamptz) AS t", {"2024-01-02 03:04:05+02:00"})[0].text(
            "t"),
        "2024-01-02 01:04:05+00");
    EXPECT_EQ(conn->query("SELECT to_char(CAST($1 AS timestamptz), 'HH24:MI') AS t",
                          {"2024-07-02 03:04:05+02:00"})[0]
                  .text("t"),
              "01:04");
    return;
  }
  // A brand-new file, opened the way `atrium db` opens it: WAL from the first write, and the
  // last close leaves the WAL instead of checkpointing it.
  const auto file = std::filesystem::path(scratch().name()).parent_path() / "cli.db";
  std::filesystem::remove(file);
  const std::string url = "sqlite:///" + file.string();
  {
    auto cli = db::Database::open(url, {.pool_size = 1, .sqlite_checkpoint_on_close = false});
    auto conn = cli->acquire();
    EXPECT_EQ(conn->query("PRAGMA journal_mode")[0].text(0), "wal");
    EXPECT_EQ(conn->query("PRAGMA synchronous")[0].integer(0), 1);  // NORMAL again
    conn->execute_script("BEGIN; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7); COMMIT");
  }
  const auto wal = std::filesystem::path(file.string() + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);
  {
    // The next opener (a server, by default checkpointing on close) sees the commit.
    auto next = db::Database::open(url, {.pool_size = 1});
    EXPECT_EQ(next->acquire()->query("SELECT x FROM t")[0].integer("x"), 7);
  }
  EXPECT_FALSE(std::filesystem::exists(wal));
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace atrium::testing
