#include "db/sqlite/connection.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <thread>

#include "db/error.hpp"
#include "db/placeholders.hpp"
#include "db/sqlite/errors.hpp"

namespace atrium::db::sqlite {

namespace {

// SQLite's process-wide settings, made by the first of these calls (SQLite refuses them once a
// connection is open: SQLITE_MISUSE, which leaves its defaults in place).
//
// SQLite counts every allocation for sqlite3_status() under one process-wide mutex; atrium
// never reads those counters, and with several threads reading at once the mutex showed as
// futex waits in get-session profiles.
//
// With `shared_pages` (the server: share_page_buffers), page buffers come from one pool for
// every connection of the process, touched once at start (kSharedPageSlots pages, ~1 MiB;
// beyond them, and for pages larger than 4 KiB, SQLite mallocs as before). Each connection
// drops its cached pages whenever another one has committed (the metrics writer, every few
// hundred requests), and reading them again took fresh buffers from the heap of whichever
// thread read: the sign-in workers' page buffers grew peak RSS past the hashes' bound. A
// command that opens one connection and exits would only pay the pool's ~1 ms of page faults.
constexpr int kSharedPageSlots = 256;
constexpr int kPageSize = 4096;  // SQLite's default, and every atrium database's

void configure_library(bool shared_pages) {
  static std::once_flag once;
  std::call_once(once, [shared_pages] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int header = 0;
    if (!shared_pages || sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header) != SQLITE_OK) {
      return;
    }
    const int slot = (kPageSize + header + 7) / 8 * 8;
    // Never freed: SQLite uses it until the process ends.
    static auto* const pool =
        new std::uint64_t[static_cast<std::size_t>(slot) / 8 * kSharedPageSlots];
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, pool, slot, kSharedPageSlots);
  });
}

// Statements are cheap to keep but not free; a program that builds many distinct statements
// (it should not) gets its cache flushed instead of growing without bound.
constexpr std::size_t kMaxCachedStatements = 256;

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool only_space_and_semicolons(std::string_view rest) {
  for (char c : rest) {
    if (c != ';' && c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

void share_page_buffers() {
  configure_library(true);
}

SqliteConnection::SqliteConnection(const std::string& path, std::chrono::milliseconds busy_timeout,
                                   bool checkpoint_on_close) {
  configure_library(false);
  const std::string target = path.empty() ? ":memory:" : path;
  // NOMUTEX: a connection is used by one thread at a time (the pool hands it out), so
  // SQLite's per-connection mutex is pure cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(target.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(classify(rc), std::to_string(rc),
                  "cannot open SQLite database '" + target + "': " + why);
  }
  sqlite3_extended_result_codes(db_, 1);
  busy_timeout_ = busy_timeout;
  sqlite3_busy_handler(db_, &SqliteConnection::wait_for_lock, this);
  try {
    // WAL lets readers proceed while one writer writes; synchronous=NORMAL is durable across
    // application crashes in WAL mode and skips an fsync per commit.
    if (!path.empty()) {
      // Switching to WAL rewrites page 1 through a rollback journal, with three fsyncs at the
      // default synchronous=FULL. A brand-new file holds no data a crash could lose, so there
      // the switch runs unsynced; the first commit in WAL mode then syncs the header.
      if (page_count() == 0) execute_script("PRAGMA synchronous=OFF");
      switch_to_wal(busy_timeout);
      if (!checkpoint_on_close) {
        sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      }
    }
    execute_script("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL");
  } catch (const DbError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(e.db_kind(), e.native_code(),
                  "cannot open SQLite database '" + target + "': " + e.what());
  }
}

int SqliteConnection::wait_for_lock(void* self, int attempt) {
  auto& connection = *static_cast<SqliteConnection*>(self);
  if (!connection.wait_for_locks_) return 0;
  const auto now = std::chrono::steady_clock::now();
  if (attempt == 0) connection.busy_since_ = now;
  if (now - connection.busy_since_ >= connection.busy_timeout_) return 0;
  // SQLite's own handler sleeps 1, 2, 5, 10 … ms, but the writers here (a request's
  // transaction, a batch of metrics rows) hold the lock for about a millisecond: short steps
  // first, so a request does not sleep long after the lock is free.
  using std::chrono::microseconds;
  const auto step = attempt < 20   ? microseconds(50)
                    : attempt < 60 ? microseconds(250)
                                   : microseconds(2000);
  std::this_thread::sleep_for(step);
  return 1;
}

void SqliteConnection::switch_to_wal(std::chrono::milliseconds busy_timeout) {
  // The switch needs an exclusive lock while this connection already reads page 1; when two
  // processes open the same database at once, SQLite answers one of them SQLITE_BUSY without
  // calling the busy handler (waiting could deadlock), so the wait is here, bounded by the
  // same busy timeout. The other process has then made the file WAL, and the retry is a no-op.
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  for (;;) {
    try {
      execute_script("PRAGMA journal_mode=WAL");
      return;
    } catch (const DbError& e) {
      if (e.db_kind() != DbErrorKind::busy || std::chrono::steady_clock::now() >= deadline) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::int64_t SqliteConnection::page_count() {
  // Not through query(): an open-time pragma has no business in the statement cache.
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA page_count", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  const std::int64_t pages = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) throw make_error(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
  return pages;
}

SqliteConnection::~SqliteConnection() {
  clear_cache();
  sqlite3_close(db_);
}

void SqliteConnection::clear_cache() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  cache_.clear();
}

SqliteConnection::Cached& SqliteConnection::prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
  const std::string rewritten = rewrite_placeholders_for_sqlite(sql);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, rewritten.data(), static_cast<int>(rewritten.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) throw make_error(rc, sqlite3_errmsg(db_));
  if (stmt == nullptr) throw DbError(DbErrorKind::other, "", "empty SQL statement");
  const std::string_view rest(tail, rewritten.data() + rewritten.size() - tail);
  if (!only_space_and_semicolons(rest)) {
    // The remainder may be only a comment; anything more is a second statement.
    sqlite3_stmt* second = nullptr;
    sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &second, nullptr);
    if (second != nullptr) {
      sqlite3_finalize(second);
      sqlite3_finalize(stmt);
      throw DbError(DbErrorKind::other, "",
                    "query() runs exactly one statement; use execute_script for several: " +
                        std::string(sql));
    }
  }
  if (cache_.size() >= kMaxCachedStatements) clear_cache();
  return cache_.emplace(std::string(sql), Cached{stmt, nullptr}).first->second;
}

namespace {

void bind(sqlite3_stmt* stmt, int index, const Value& value) {
  int rc = SQLITE_OK;
  if (std::holds_alternative<Null>(value)) {
    rc = sqlite3_bind_null(stmt, index);
  } else if (auto* b = std::get_if<bool>(&value)) {
    rc = sqlite3_bind_int64(stmt, index, *b ? 1 : 0);
  } else if (auto* n = std::get_if<std::int64_t>(&value)) {
    rc = sqlite3_bind_int64(stmt, index, *n);
  } else if (auto* d = std::get_if<double>(&value)) {
    rc = sqlite3_bind_double(stmt, index, *d);
  } else if (auto* s = std::get_if<std::string>(&value)) {
    // Bound with its length, so text containing NUL survives; SQLITE_STATIC is safe because
    // the statement is reset before the caller's values go away.
    rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  } else {
    const auto& bytes = std::get<Blob>(value).bytes;
    // A null pointer would bind NULL, not an empty blob.
    rc = bytes.empty()
             ? sqlite3_bind_zeroblob(stmt, index, 0)
             : sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC);
  }
  if (rc != SQLITE_OK) throw make_error(rc, sqlite3_errmsg(sqlite3_db_handle(stmt)));
}

Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_TEXT: {
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
    }
    case SQLITE_BLOB: {
      auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      return Blob{std::vector<std::uint8_t>(data, data + size)};
    }
    default:
      return null;
  }
}

std::shared_ptr<const std::vector<std::string>> column_names(sqlite3_stmt* stmt) {
  const int ncols = sqlite3_column_count(stmt);
  auto columns = std::make_shared<std::vector<std::string>>();
  columns->reserve(static_cast<std::size_t>(ncols));
  for (int i = 0; i < ncols; ++i) columns->emplace_back(sqlite3_column_name(stmt, i));
  return columns;
}

// Leaves a cached statement ready for its next use whichever way query() exits, and drops
// the references to the caller's bound values.
struct ResetOnExit {
  sqlite3_stmt* stmt;
  ~ResetOnExit() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

Result SqliteConnection::query(std::string_view sql, std::span<const Value> params) {
  Cached& cached = prepare(sql);
  sqlite3_stmt* stmt = cached.stmt;
  ResetOnExit reset{stmt};
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != params.size()) {
    throw DbError(DbErrorKind::other, "",
                  "the statement takes " + std::to_string(expected) + " parameters but " +
                      std::to_string(params.size()) + " were given: " + std::string(sql));
  }
  for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);

  Result result;
  const auto changes_before = sqlite3_total_changes64(db_);
  int rc = sqlite3_step(stmt);
  // Only now: the first step re-prepares a statement whose tables changed, and `SELECT *`
  // may then have other columns than when it was cached.
  // Only a re-prepare (a schema change under `SELECT *`) can change the columns; SQLite
  // counts them, so the names are read again only then.
  const int reprepared = sqlite3_stmt_status(stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
  if (!cached.columns || cached.reprepared != reprepared) {
    cached.columns = column_names(stmt);
    cached.reprepared = reprepared;
  }
  result.columns = cached.columns;
  const int ncols = sqlite3_column_count(stmt);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(stmt)) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncols));
    for (int i = 0; i < ncols; ++i) values.push_back(column_value(stmt, i));
    result.rows.emplace_back(result.columns, std::move(values));
  }
  if (rc != SQLITE_DONE) throw make_error(rc, sqlite3_errmsg(db_));
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so a SELECT or DDL
  // would report a stale number without this check.
  if (sqlite3_total_changes64(db_) != changes_before) result.affected = sqlite3_changes64(db_);
  return result;
}

void SqliteConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw make_error(sqlite3_extended_errcode(db_), why);
  }
}

void SqliteConnection::begin(bool immediate) {
  query(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

void SqliteConnection::commit() {
  query("COMMIT");
}

void SqliteConnection::rollback() {
  // SQLite may already have rolled back on its own (some errors abort the transaction);
  // ROLLBACK would then fail with "no transaction is active".
  if (in_transaction()) query("ROLLBACK");
}

void SqliteConnection::savepoint(const std::string& name) {
  execute_script("SAVEPOINT " + quote_identifier(name));
}

void SqliteConnection::release(const std::string& name) {
  execute_script("RELEASE SAVEPOINT " + quote_identifier(name));
}

void SqliteConnection::rollback_to(const std::string& name) {
  execute_script("ROLLBACK TO SAVEPOINT " + quote_identifier(name));
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace atrium::db::sqlite
