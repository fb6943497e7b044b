#pragma once
// Database failures, typed so callers can react (a unique violation becomes "user already
// exists", a lost connection becomes 503 and a retry) without parsing messages.

#include <string>

#include "core/error.hpp"

namespace atrium::db {

enum class DbErrorKind {
  unique_violation,       // SQLSTATE 23505; SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
  foreign_key_violation,  // 23503; SQLITE_CONSTRAINT_FOREIGNKEY
  not_null_violation,     // 23502; SQLITE_CONSTRAINT_NOTNULL
  check_violation,        // 23514; SQLITE_CONSTRAINT_CHECK
  busy,                   // 40001 / 40P01 / 55P03 / lock timeout; SQLITE_BUSY / SQLITE_LOCKED
  connection_lost,        // class 08, 57P01..57P03, a dead socket; SQLITE_CANTOPEN / IOERR
  pool_timeout,           // no connection free within the acquire timeout
  syntax,                 // class 42 (undefined table/column, syntax error); SQLITE_ERROR
  other,
};

const char* to_string(DbErrorKind kind);

// busy, connection_lost and pool_timeout are ErrorKind::unavailable (503, worth a retry);
// everything else is ErrorKind::internal until a caller translates it.
class DbError : public atrium::Error {
 public:
  // `code` is the SQLSTATE (PostgreSQL) or the extended result code as text (SQLite).
  // `constraint` names what was violated where the driver says so: PostgreSQL's constraint
  // name, or SQLite's "table.column" list; empty otherwise.
  DbError(DbErrorKind kind, std::string code, const std::string& message,
          std::string constraint = {});

  DbErrorKind db_kind() const noexcept { return db_kind_; }
  const std::string& native_code() const noexcept { return native_code_; }
  const std::string& constraint() const noexcept { return constraint_; }

 private:
  DbErrorKind db_kind_;
  std::string native_code_;
  std::string constraint_;
};

}  // namespace atrium::db
