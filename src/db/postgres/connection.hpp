#pragma once
// The PostgreSQL driver on libpq. Statements are prepared once per connection under a
// generated name and reused; behind a transaction-pooling PgBouncer, which cannot keep named
// statements, every call is a single unnamed Parse/Bind/Execute (PQexecParams) instead.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/connection.hpp"

struct pg_conn;
struct pg_result;

namespace atrium::db::postgres {

struct EncodedParams;

struct PgOptions {
  bool pooler_transaction = false;
  std::chrono::milliseconds connect_timeout{5000};
};

class PgConnection final : public Connection {
 public:
  // `conninfo` is a libpq URI; `redacted` names the server in error messages. The session is
  // set to TimeZone=UTC and DateStyle=ISO so timestamps read as text are predictable.
  PgConnection(const std::string& conninfo, const std::string& redacted, PgOptions options);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::postgresql; }
  using Connection::query;
  Result query(std::string_view sql, std::span<const Value> params) override;
  std::vector<Result> query_batch(std::string_view sql,
                                  std::span<const std::span<const Value>> param_sets) override;
  bool copy_rows(std::string_view table, std::span<const std::string_view> columns,
                 std::span<const Value> values) override;
  void execute_script(std::string_view sql) override;

  void begin(bool immediate) override;
  void commit() override;
  void rollback() override;
  void savepoint(const std::string& name) override;
  void release(const std::string& name) override;
  void rollback_to(const std::string& name) override;

  bool in_transaction() const override;
  std::size_t cached_statements() const override { return statements_.size(); }
  bool is_broken() const override;
  bool ping() override;
  bool still_open() override;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // A statement prepared on this connection, and the column names of its last result, which
  // a result shares instead of copying them for every query.
  struct Prepared {
    std::string name;
    std::shared_ptr<const std::vector<std::string>> columns;
  };

  // The cache entry for `sql` with these parameter types, prepared on the server if new.
  Prepared& prepared(std::string_view sql, const EncodedParams& params);
  // Sets `used` to the cache entry the result came from (nullptr when it failed).
  pg_result* execute_prepared(std::string_view sql, const EncodedParams& params, Prepared*& used);
  // The rows of a successful result; `statement` (nullable) shares its column names.
  static Result to_result(const pg_result* raw, Prepared* statement);
  // Reads what a pipeline still owes up to its sync and leaves pipeline mode.
  void finish_pipeline();
  void simple(const std::string& sql);  // one round trip, no parameters, no result rows
  [[noreturn]] void fail(pg_result* result);
  static void on_notice(void* self, const pg_result* notice);

  pg_conn* conn_ = nullptr;
  PgOptions options_;
  bool broken_ = false;
  std::unordered_map<std::string, Prepared, Hash, std::equal_to<>> statements_;
  std::string key_;  // the lookup key's buffer, kept so a lookup does not allocate
  std::uint64_t next_statement_ = 0;
};

}  // namespace atrium::db::postgres
