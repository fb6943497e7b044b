#include "support/scratch_database.hpp"

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "core/random.hpp"

namespace atrium::testing {

namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string require_env(const char* name, Backend backend) {
  std::string value = env_or_empty(name);
  if (value.empty()) {
    throw std::runtime_error(std::string("the ") + std::string(backend_name(backend)) +
                             " test backend needs " + name +
                             ": run the tests through scripts/with-test-postgres, e.g. "
                             "scripts/with-test-postgres ctest --test-dir build");
  }
  return value;
}

std::string random_suffix() {
  return random_string(system_random(), 16, "abcdefghijklmnopqrstuvwxyz0123456789");
}

void run_admin(const std::string& admin_url, const std::string& sql) {
  db::DatabaseOptions options;
  options.pool_size = 1;
  auto admin = db::Database::open(admin_url, options);
  admin->acquire()->execute_script(sql);
}

}  // namespace

Backend current_backend() {
  const std::string name = env_or_empty("ATRIUM_TEST_BACKEND");
  if (name.empty() || name == "sqlite") return Backend::sqlite;
  if (name == "postgres") return Backend::postgres;
  if (name == "pgbouncer") return Backend::pgbouncer;
  throw std::runtime_error("ATRIUM_TEST_BACKEND is '" + name +
                           "'; expected sqlite, postgres or pgbouncer");
}

std::string_view backend_name(Backend backend) {
  switch (backend) {
    case Backend::sqlite:
      return "sqlite";
    case Backend::postgres:
      return "postgres";
    case Backend::pgbouncer:
      return "pgbouncer";
  }
  return "sqlite";
}

std::string with_database_name(const std::string& url, const std::string& database) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) throw std::runtime_error("not a URL: " + url);
  const auto path = url.find_first_of("/?", scheme_end + 3);
  if (path == std::string::npos) return url + "/" + database;
  const auto query = url.find('?', path);
  return url.substr(0, path) + "/" + database +
         (query == std::string::npos ? "" : url.substr(query));
}

ScratchDatabase::ScratchDatabase() : ScratchDatabase(current_backend()) {}

ScratchDatabase::ScratchDatabase(Backend backend) : backend_(backend) {
  if (backend_ == Backend::sqlite) {
    directory_ = std::filesystem::temp_directory_path() / ("atrium-test-" + random_suffix());
    std::filesystem::create_directories(directory_);
    name_ = (directory_ / "test.db").string();
    // Four slashes: an absolute path in SQLAlchemy's spelling.
    url_ = "sqlite:///" + name_;
    direct_url_ = url_;
    return;
  }
  admin_url_ = require_env("ATRIUM_TEST_PG_URL", backend_);
  const std::string pooler_url =
      backend_ == Backend::pgbouncer ? require_env("ATRIUM_TEST_PGBOUNCER_URL", backend_) : "";
  name_ = "atrium_t_" + random_suffix();
  // template0: nothing another test left in template1 leaks in, and nobody is ever
  // connected to it, so concurrent creations do not conflict.
  run_admin(admin_url_, "CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
  direct_url_ = with_database_name(admin_url_, name_);
  url_ = backend_ == Backend::pgbouncer ? with_database_name(pooler_url, name_) : direct_url_;
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (backend_ == Backend::sqlite) {
      std::filesystem::remove_all(directory_);
    } else {
      // FORCE ends the sessions still open on it, PgBouncer's server connections included.
      run_admin(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
  } catch (const std::exception& e) {
    std::cerr << "warning: could not remove scratch database " << name_ << ": " << e.what() << "\n";
  }
}

db::Dialect ScratchDatabase::dialect() const {
  return backend_ == Backend::sqlite ? db::Dialect::sqlite : db::Dialect::postgresql;
}

std::unique_ptr<db::Database> ScratchDatabase::open(db::DatabaseOptions options) const {
  options.pg_pooler_transaction = through_pooler();
  return db::Database::open(url_, options);
}

std::unique_ptr<db::Database> ScratchDatabase::open_direct(db::DatabaseOptions options) const {
  options.pg_pooler_transaction = false;
  return db::Database::open(direct_url_, options);
}

}  // namespace atrium::testing
