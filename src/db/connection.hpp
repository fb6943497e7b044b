#pragma once
// One database connection. Statements use PostgreSQL's placeholder spelling ($1, $2, …) on
// both dialects; the SQLite driver maps them to ?NNN. Every statement with parameters is
// prepared and cached per connection (unnamed on PostgreSQL behind a transaction pooler),
// and values are always bound, never spliced into SQL.
//
// On PostgreSQL a parameter's type follows its C++ type: bool -> boolean, int64 -> bigint,
// double -> double precision, Blob -> bytea; text and NULL are left for the server to infer,
// so one string binds to text, varchar, uuid, json or timestamptz alike. Hence a NULL the
// server cannot place (`$1 IS NULL` alone) and a bigint passed to a function that takes
// integer need a CAST($1 AS …). Results map by column type: boolean -> bool, integers ->
// int64, float and non-integral numeric -> double, bytea -> Blob, everything else (timestamps
// too, rendered in UTC/ISO) -> text. SQLite returns what it stored (booleans as 0/1; Row's
// getters convert).
//
// A Connection is used by one thread at a time.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/dialect.hpp"
#include "db/result.hpp"
#include "db/value.hpp"

namespace atrium::db {

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;

  // Runs one statement with bound parameters and returns its rows (if any) and the number of
  // rows it changed.
  virtual Result query(std::string_view sql, std::span<const Value> params) = 0;
  Result query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Like query, for statements whose rows are not wanted; returns the affected row count.
  std::int64_t execute(std::string_view sql, std::span<const Value> params) {
    return query(sql, params).affected;
  }
  std::int64_t execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, params).affected;
  }

  // Runs one statement once per parameter set and returns the results in the same order. A
  // driver that can sends them all before reading any answer (PostgreSQL's pipeline mode, one
  // round trip for the lot, outside a transaction); the default runs them one after another.
  // For reads: if any run fails, DbError is thrown and which of the others ran is unknown.
  virtual std::vector<Result> query_batch(std::string_view sql,
                                          std::span<const std::span<const Value>> param_sets) {
    std::vector<Result> results;
    results.reserve(param_sets.size());
    for (const auto& params : param_sets) results.push_back(query(sql, params));
    return results;
  }

  // Appends rows to `table` by the driver's bulk path, if it has one (PostgreSQL's COPY FROM
  // STDIN: a fifth less server CPU per row than a multi-row INSERT), and says whether it did:
  // false, and nothing written, when the driver has none or a value cannot travel that way
  // (bytes); the caller then INSERTs. `values` holds the rows one after another, each with one
  // value per column. Throws DbError as an INSERT would (a constraint, the connection) and
  // writes no row then.
  virtual bool copy_rows(std::string_view table, std::span<const std::string_view> columns,
                         std::span<const Value> values) {
    (void)table;
    (void)columns;
    (void)values;
    return false;
  }

  // Runs a script of one or more statements without parameters (DDL, migrations, PRAGMAs).
  // Not prepared, not cached.
  virtual void execute_script(std::string_view sql) = 0;

  // Transaction primitives; use db::Transaction rather than calling these directly.
  // `immediate` takes SQLite's write lock at BEGIN (BEGIN IMMEDIATE); ignored on PostgreSQL.
  virtual void begin(bool immediate) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual void savepoint(const std::string& name) = 0;
  virtual void release(const std::string& name) = 0;
  virtual void rollback_to(const std::string& name) = 0;
  int transaction_depth() const { return depth_; }
  // Whether the server side has a transaction open (also one begun by raw SQL); the pool
  // never hands such a connection to the next borrower.
  virtual bool in_transaction() const = 0;

  // How many prepared statements this connection keeps for reuse (0 behind a transaction
  // pooler, where statements are unnamed and die with each call).
  virtual std::size_t cached_statements() const = 0;

  // False once the connection is known to be unusable (the server went away); the pool
  // replaces such a connection instead of handing it out again.
  virtual bool is_broken() const = 0;
  // A cheap round trip that detects a dead connection before it is handed out.
  virtual bool ping() = 0;
  // Tells physical connections apart (logs, tests): unique within the process, never reused,
  // unlike the object's address.
  std::uint64_t serial() const { return serial_; }

  // Notices, without a round trip, a server that has already hung up: PostgreSQL writes a
  // FATAL message and closes the socket when its backend is terminated or shuts down. The
  // pool calls it on every checkout and ping() only after the connection sat idle a while.
  virtual bool still_open() { return !is_broken(); }

  // Off: a statement that meets another connection's lock fails at once with DbError(busy)
  // instead of waiting up to the busy timeout, for reads on a thread that must never block
  // (http's inline attempts). SQLite only: PostgreSQL statements are round trips anyway.
  virtual void wait_for_locks(bool wait) { (void)wait; }

 protected:
  friend class Transaction;
  int depth_ = 0;

 private:
  static std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
  }
  std::uint64_t serial_ = next_serial();
};

}  // namespace atrium::db
