#include "db/url.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "db/postgres/libpq.hpp"

namespace atrium::db {
namespace {

// What libpq itself will use from a conninfo: the proof that every parameter passes through.
std::map<std::string, std::string> libpq_view(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = postgres::libpq().PQconninfoParse(conninfo.c_str(), &error);
  EXPECT_NE(options, nullptr) << (error ? error : "");
  std::map<std::string, std::string> out;
  for (auto* o = options; o && o->keyword; ++o) {
    if (o->val) out[o->keyword] = o->val;
  }
  postgres::libpq().PQconninfoFree(options);
  return out;
}

std::string config_error(const std::string& url) {
  try {
    parse_database_url(url);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError for " << url;
  return {};
}

TEST(DatabaseUrl, SqliteInMemory) {
  for (const char* url : {"sqlite://", "sqlite:///:memory:"}) {
    auto u = parse_database_url(url);
    EXPECT_EQ(u.dialect, Dialect::sqlite) << url;
    EXPECT_EQ(u.sqlite_path, "") << url;
    EXPECT_EQ(u.redacted, url);
  }
}

TEST(DatabaseUrl, SqliteRelativeAndAbsolutePaths) {
  EXPECT_EQ(parse_database_url("sqlite:///atrium.db").sqlite_path, "atrium.db");
  EXPECT_EQ(parse_database_url("sqlite:///data/app.db").sqlite_path, "data/app.db");
  EXPECT_EQ(parse_database_url("sqlite:////var/lib/atrium/app.db").sqlite_path,
            "/var/lib/atrium/app.db");
  EXPECT_EQ(parse_database_url("sqlite+pysqlite:///x.db").sqlite_path, "x.db");
  EXPECT_EQ(parse_database_url("SQLite:///x.db").sqlite_path, "x.db");
  EXPECT_EQ(parse_database_url("  sqlite:///x.db\n").sqlite_path, "x.db");
}

TEST(DatabaseUrl, SqliteMistakesAreConfigErrors) {
  EXPECT_NE(config_error("sqlite:///").find("no database file"), std::string::npos);
  EXPECT_NE(config_error("sqlite://localhost/x.db").find("sqlite:///relative.db"),
            std::string::npos);
  EXPECT_NE(config_error("sqlite:///x.db?timeout=3").find("query parameters"), std::string::npos);
}

TEST(DatabaseUrl, PostgresSchemesAndDriverSuffix) {
  for (const char* url :
       {"postgres://app@db.example.com:5433/atrium", "postgresql://app@db.example.com:5433/atrium",
        "postgresql+psycopg2://app@db.example.com:5433/atrium",
        "PostgreSQL+psycopg://app@db.example.com:5433/atrium"}) {
    auto u = parse_database_url(url);
    EXPECT_EQ(u.dialect, Dialect::postgresql) << url;
    EXPECT_EQ(u.pg_conninfo, "postgresql://app@db.example.com:5433/atrium") << url;
    auto view = libpq_view(u.pg_conninfo);
    EXPECT_EQ(view["host"], "db.example.com");
    EXPECT_EQ(view["port"], "5433");
    EXPECT_EQ(view["user"], "app");
    EXPECT_EQ(view["dbname"], "atrium");
  }
}

TEST(DatabaseUrl, NeonParametersPassThroughToLibpq) {
  auto u = parse_database_url(
      "postgresql://neondb_owner:npg_s3cret@ep-cool-bird-a1b2c3.eu-central-1.aws.neon.tech/"
      "neondb?sslmode=require&channel_binding=require&options=endpoint%3Dep-cool-bird-a1b2c3&"
      "connect_timeout=10&application_name=atrium-prod");
  auto view = libpq_view(u.pg_conninfo);
  EXPECT_EQ(view["sslmode"], "require");
  EXPECT_EQ(view["channel_binding"], "require");
  EXPECT_EQ(view["options"], "endpoint=ep-cool-bird-a1b2c3");
  EXPECT_EQ(view["connect_timeout"], "10");
  EXPECT_EQ(view["application_name"], "atrium-prod");
  EXPECT_EQ(view["password"], "npg_s3cret");
  EXPECT_EQ(u.redacted,
            "postgresql://neondb_owner:XXXXX@ep-cool-bird-a1b2c3.eu-central-1.aws.neon.tech/"
            "neondb?sslmode=require&channel_binding=require&options=endpoint%3Dep-cool-bird-"
            "a1b2c3&connect_timeout=10&application_name=atrium-prod");
}

TEST(DatabaseUrl, UnixSocketHosts) {
  auto as_parameter = libpq_view(
      parse_database_url("postgresql:///atrium?host=/var/run/postgresql&port=5433").pg_conninfo);
  EXPECT_EQ(as_parameter["host"], "/var/run/postgresql");
  EXPECT_EQ(as_parameter["port"], "5433");
  EXPECT_EQ(as_parameter["dbname"], "atrium");
  auto encoded = libpq_view(parse_database_url("postgresql://%2Ftmp%2Fpg-sock/atrium").pg_conninfo);
  EXPECT_EQ(encoded["host"], "/tmp/pg-sock");
}

TEST(DatabaseUrl, WhetherTheServerIsOnThisMachine) {
  EXPECT_TRUE(parse_database_url("sqlite:///atrium.db").server_on_this_machine);
  EXPECT_TRUE(parse_database_url("postgresql://app@localhost/atrium").server_on_this_machine);
  EXPECT_TRUE(parse_database_url("postgresql://app@127.0.0.1:5433/atrium").server_on_this_machine);
  EXPECT_TRUE(parse_database_url("postgresql://app@[::1]/atrium").server_on_this_machine);
  EXPECT_TRUE(
      parse_database_url("postgresql:///atrium?host=/var/run/postgresql").server_on_this_machine);
  EXPECT_FALSE(parse_database_url("postgresql://app@db.example.com/atrium").server_on_this_machine);
  // hostaddr is where libpq connects; host then only names the server (TLS, .pgpass).
  EXPECT_FALSE(parse_database_url("postgresql://app@localhost/atrium?hostaddr=10.1.2.3")
                   .server_on_this_machine);
  EXPECT_TRUE(parse_database_url("postgresql://app@db.example.com/atrium?hostaddr=127.0.0.1")
                  .server_on_this_machine);
  EXPECT_FALSE(parse_database_url("postgresql://app@localhost,db.example.com/atrium")
                   .server_on_this_machine);
}

// Restores an environment variable when the test ends (tests run on one thread).
class SavedVariable {
 public:
  explicit SavedVariable(const char* name) : name_(name) {
    const char* v = std::getenv(name);  // NOLINT(concurrency-mt-unsafe)
    if (v) value_ = v;
  }
  ~SavedVariable() {
    if (value_) {
      ::setenv(name_, value_->c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    } else {
      ::unsetenv(name_);  // NOLINT(concurrency-mt-unsafe)
    }
  }
  SavedVariable(const SavedVariable&) = delete;
  SavedVariable& operator=(const SavedVariable&) = delete;

 private:
  const char* name_;
  std::optional<std::string> value_;
};

TEST(DatabaseUrl, WithoutAHostTheEnvironmentDecidesAsForLibpq) {
  SavedVariable host("PGHOST"), hostaddr("PGHOSTADDR");
  ::unsetenv("PGHOSTADDR");                 // NOLINT(concurrency-mt-unsafe)
  ::setenv("PGHOST", "db.example.com", 1);  // NOLINT(concurrency-mt-unsafe)
  EXPECT_FALSE(parse_database_url("postgresql:///atrium").server_on_this_machine);
  ::unsetenv("PGHOST");  // NOLINT(concurrency-mt-unsafe)
  EXPECT_TRUE(parse_database_url("postgresql:///atrium").server_on_this_machine);
  ::setenv("PGHOSTADDR", "127.0.0.1", 1);  // NOLINT(concurrency-mt-unsafe)
  EXPECT_TRUE(parse_database_url("postgresql:///atrium").server_on_this_machine);
}

TEST(DatabaseUrl, PasswordsAreRedacted) {
  EXPECT_EQ(parse_database_url("postgres://u:hunter2@h/db").redacted, "postgres://u:XXXXX@h/db");
  EXPECT_EQ(parse_database_url("postgresql://u@h/db?sslmode=require&password=hunter2").redacted,
            "postgresql://u@h/db?sslmode=require&password=XXXXX");
  EXPECT_EQ(parse_database_url("postgresql://u:p%40ss@h/db?password=x&sslmode=disable").redacted,
            "postgresql://u:XXXXX@h/db?password=XXXXX&sslmode=disable");
  EXPECT_EQ(parse_database_url("postgresql://u@h/db").redacted, "postgresql://u@h/db");
}

TEST(DatabaseUrl, BadUrlsAreOneLineConfigErrorsWithoutThePassword) {
  for (const char* url : {"", "atrium.db", "mysql://u:hunter2@h/db",
                          "postgresql://u:hunter2@h/db?no_such_parameter=1",
                          "postgresql://u:hunter2@h:notaport/db"}) {
    const std::string message = config_error(url);
    EXPECT_FALSE(message.empty()) << url;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
  EXPECT_NE(config_error("postgresql://u@h/db?no_such_parameter=1").find("no_such_parameter"),
            std::string::npos);
  EXPECT_NE(config_error("mysql://u@h/db").find("mysql"), std::string::npos);
}

}  // namespace
}  // namespace atrium::db
