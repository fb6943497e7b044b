#include "db/database.hpp"

#include "db/error.hpp"
#include "db/pool.hpp"
#include "db/postgres/connection.hpp"
#include "db/sqlite/connection.hpp"

namespace atrium::db {

namespace {

bool in_memory(const DatabaseUrl& url) {
  return url.dialect == Dialect::sqlite && url.sqlite_path.empty();
}

std::unique_ptr<Connection> open_connection(const DatabaseUrl& url,
                                            const DatabaseOptions& options) {
  if (url.dialect == Dialect::sqlite) {
    return std::make_unique<sqlite::SqliteConnection>(url.sqlite_path, options.sqlite_busy_timeout,
                                                      options.sqlite_checkpoint_on_close);
  }
  return std::make_unique<postgres::PgConnection>(
      url.pg_conninfo, url.redacted,
      postgres::PgOptions{options.pg_pooler_transaction, options.pg_connect_timeout});
}

}  // namespace

Database::Database(DatabaseUrl url, DatabaseOptions options)
    : url_(std::move(url)), options_(options) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
  DatabaseUrl parsed = parse_database_url(url);
  // Every connection to sqlite:// would be a separate, empty database.
  if (in_memory(parsed)) options.pool_size = 1;
  if (options.pool_size == 0) options.pool_size = 1;
  std::unique_ptr<Database> db(new Database(std::move(parsed), options));
  const Database* self = db.get();
  db->pool_ = std::make_unique<Pool>([self] { return open_connection(self->url_, self->options_); },
                                     options.pool_size);
  // Fail at start, not at the first request: a bad path, host or password shows up here.
  db->acquire();
  return db;
}

Lease Database::acquire() {
  return pool_->acquire(options_.acquire_timeout);
}

Lease Database::acquire(std::chrono::milliseconds timeout) {
  return pool_->acquire(timeout);
}

std::size_t Database::waiting_borrowers() const {
  return pool_->waiting_borrowers();
}

std::optional<Lease> Database::try_acquire() {
  return pool_->try_acquire();
}

std::unique_ptr<Connection> Database::connect() const {
  if (in_memory(url_)) {
    throw DbError(DbErrorKind::other, "",
                  "an in-memory SQLite database (sqlite://) has exactly one connection, the "
                  "pool's: use acquire() instead of connect()");
  }
  return open_connection(url_, options_);
}

}  // namespace atrium::db
