#pragma once
// A fresh, empty database on the backend the test run asks for (ATRIUM_TEST_BACKEND:
// sqlite, postgres or pgbouncer; CTest sets it per registered test), dropped afterwards.
// PostgreSQL and PgBouncer come from scripts/with-test-postgres, which exports their URLs.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "db/database.hpp"
#include "db/dialect.hpp"

namespace atrium::testing {

enum class Backend { sqlite, postgres, pgbouncer };

// ATRIUM_TEST_BACKEND, sqlite when unset; throws std::runtime_error for anything else.
Backend current_backend();
std::string_view backend_name(Backend backend);

class ScratchDatabase {
 public:
  ScratchDatabase();
  // Throws std::runtime_error when the backend's server is not configured (the message says
  // to run through scripts/with-test-postgres) or the database cannot be created.
  explicit ScratchDatabase(Backend backend);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  Backend backend() const { return backend_; }
  // What atrium is given; through PgBouncer for the pgbouncer backend.
  const std::string& url() const { return url_; }
  // Straight to PostgreSQL (== url() unless through_pooler()): for what a transaction pooler
  // cannot do, such as watching or terminating the server's backends.
  const std::string& direct_url() const { return direct_url_; }
  db::Dialect dialect() const;
  bool through_pooler() const { return backend_ == Backend::pgbouncer; }
  // The PostgreSQL database name, or the SQLite file's path.
  const std::string& name() const { return name_; }

  // Opens url() with `options`, telling atrium about the pooler when there is one.
  std::unique_ptr<db::Database> open(db::DatabaseOptions options = {}) const;
  // Opens direct_url(), never through the pooler.
  std::unique_ptr<db::Database> open_direct(db::DatabaseOptions options = {}) const;

 private:
  Backend backend_;
  std::string url_;
  std::string direct_url_;
  std::string admin_url_;  // the maintenance database, for CREATE / DROP DATABASE
  std::string name_;
  std::filesystem::path directory_;  // SQLite only
};

// `url` (a postgresql:// URL) with its database name replaced by `database`.
std::string with_database_name(const std::string& url, const std::string& database);

}  // namespace atrium::testing
