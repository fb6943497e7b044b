#pragma once
// The entry point of the database layer: opens a URL, owns a bounded pool of connections.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "db/url.hpp"

namespace atrium::db {

struct DatabaseOptions {
  std::size_t pool_size = 8;  // forced to 1 for an in-memory SQLite database
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds sqlite_busy_timeout{5000};
  bool pg_pooler_transaction = false;  // unnamed statements only (PgBouncer transaction mode)
  std::chrono::milliseconds pg_connect_timeout{5000};
  // false: the last connection leaves the WAL to the next opener (short-lived CLI commands).
  bool sqlite_checkpoint_on_close = true;
};

class Pool;

// A connection borrowed from the pool; returned when the lease is destroyed. A connection
// that broke while leased is discarded instead of returned. A lease keeps the pool alive, so
// it may outlive the Database it came from (its connection is then simply closed).
class Lease {
 public:
  Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> conn);
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  ~Lease();
  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }
  Connection& get() const { return *conn_; }

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Connection> conn_;
};

class Database {
 public:
  // Parses the URL and opens the first connection eagerly so a bad URL or an unreachable
  // server fails at start. Throws ConfigError for a bad URL, DbError for a failed connect.
  static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});
  ~Database();

  Dialect dialect() const { return url_.dialect; }
  const DatabaseUrl& url() const { return url_; }
  const DatabaseOptions& options() const { return options_; }

  // Waits up to the acquire timeout; throws DbError(pool_timeout) after it. A connection
  // found dead (PostgreSQL restarted, backend terminated) is replaced transparently.
  Lease acquire();
  Lease acquire(std::chrono::milliseconds timeout);
  // A connection only if one is idle and needs no round trip to be trusted; never waits and
  // never connects (for code on a thread that must not block). Until it is given back, its
  // statements fail with DbError(busy) rather than wait for another connection's lock.
  std::optional<Lease> try_acquire();
  // How many acquire() calls are waiting for a connection right now (saturation; tests).
  std::size_t waiting_borrowers() const;

  // Opens a connection outside the pool (migrations, tools). Not for sqlite:// (in memory),
  // whose one connection is the pool's: DbError(other) there.
  std::unique_ptr<Connection> connect() const;

 private:
  Database(DatabaseUrl url, DatabaseOptions options);
  DatabaseUrl url_;
  DatabaseOptions options_;
  std::shared_ptr<Pool> pool_;
};

}  // namespace atrium::db
