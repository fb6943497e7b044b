#pragma once
// The SQLite driver: one sqlite3 handle opened the way atrium always wants it (WAL,
// foreign_keys=ON, synchronous=NORMAL, a busy timeout) and a cache of prepared statements
// keyed by the statement's text.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace atrium::db::sqlite {

// For a long-running server, before its first SQLite connection opens: every connection's
// page buffers come from one pool for the process (connection.cpp says why). No effect once
// a connection has been opened.
void share_page_buffers();

class SqliteConnection final : public Connection {
 public:
  // An empty path opens a private in-memory database. The file is created if missing (its
  // directory is not). Without `checkpoint_on_close` the last connection to close leaves the
  // WAL for the next opener to read instead of copying it into the database file: a
  // short-lived command (`atrium db upgrade`) then ends without the checkpoint's fsyncs.
  SqliteConnection(const std::string& path, std::chrono::milliseconds busy_timeout,
                   bool checkpoint_on_close = true);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }
  using Connection::query;
  Result query(std::string_view sql, std::span<const Value> params) override;
  void execute_script(std::string_view sql) override;

  void begin(bool immediate) override;
  void commit() override;
  void rollback() override;
  void savepoint(const std::string& name) override;
  void release(const std::string& name) override;
  void rollback_to(const std::string& name) override;

  bool in_transaction() const override;
  std::size_t cached_statements() const override { return cache_.size(); }
  bool is_broken() const override { return false; }
  bool ping() override { return true; }
  void wait_for_locks(bool wait) override { wait_for_locks_ = wait; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // A prepared statement and the column names of its last result, which a result shares
  // instead of copying them for every query.
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    std::shared_ptr<const std::vector<std::string>> columns;
    int reprepared = -1;  // SQLite's re-prepare count when `columns` was read
  };

  Cached& prepare(std::string_view sql);
  std::int64_t page_count();
  // PRAGMA journal_mode=WAL, retried while another process holds the lock it needs.
  void switch_to_wal(std::chrono::milliseconds busy_timeout);
  void clear_cache();

  // Called by SQLite while another connection holds a lock this one needs.
  static int wait_for_lock(void* self, int attempt);

  sqlite3* db_ = nullptr;
  std::chrono::milliseconds busy_timeout_{0};
  std::chrono::steady_clock::time_point busy_since_{};
  bool wait_for_locks_ = true;
  std::unordered_map<std::string, Cached, Hash, std::equal_to<>> cache_;
};

}  // namespace atrium::db::sqlite
