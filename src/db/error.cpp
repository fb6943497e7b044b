#include "db/error.hpp"

namespace atrium::db {

const char* to_string(DbErrorKind kind) {
  switch (kind) {
    case DbErrorKind::unique_violation:
      return "unique_violation";
    case DbErrorKind::foreign_key_violation:
      return "foreign_key_violation";
    case DbErrorKind::not_null_violation:
      return "not_null_violation";
    case DbErrorKind::check_violation:
      return "check_violation";
    case DbErrorKind::busy:
      return "busy";
    case DbErrorKind::connection_lost:
      return "connection_lost";
    case DbErrorKind::pool_timeout:
      return "pool_timeout";
    case DbErrorKind::syntax:
      return "syntax";
    case DbErrorKind::other:
      return "other";
  }
  return "other";
}

namespace {

ErrorKind error_kind_for(DbErrorKind kind) {
  switch (kind) {
    case DbErrorKind::busy:
    case DbErrorKind::connection_lost:
    case DbErrorKind::pool_timeout:
      return ErrorKind::unavailable;
    default:
      return ErrorKind::internal;
  }
}

}  // namespace

DbError::DbError(DbErrorKind kind, std::string code, const std::string& message,
                 std::string constraint)
    : atrium::Error(error_kind_for(kind), "", message),
      db_kind_(kind),
      native_code_(std::move(code)),
      constraint_(std::move(constraint)) {}

}  // namespace atrium::db
