#include "db/sqlite/errors.hpp"

#include <sqlite3.h>

namespace atrium::db::sqlite {

DbErrorKind classify(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbErrorKind::unique_violation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbErrorKind::foreign_key_violation;
    case SQLITE_CONSTRAINT_NOTNULL:
      return DbErrorKind::not_null_violation;
    case SQLITE_CONSTRAINT_CHECK:
      return DbErrorKind::check_violation;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbErrorKind::busy;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return DbErrorKind::connection_lost;
    case SQLITE_ERROR:
      return DbErrorKind::syntax;
    default:
      return DbErrorKind::other;
  }
}

namespace {

// "UNIQUE constraint failed: user.email" -> "user.email"; CHECK failures name the constraint
// (or its expression) the same way.
std::string constraint_of(int rc, const std::string& message) {
  if ((rc & 0xff) != SQLITE_CONSTRAINT) return {};
  auto colon = message.find("failed: ");
  if (colon == std::string::npos) return {};
  return message.substr(colon + 8);
}

}  // namespace

DbError make_error(int rc, const std::string& message) {
  return DbError(classify(rc), std::to_string(rc),
                 message + " [SQLite " + sqlite3_errstr(rc) + ", code " + std::to_string(rc) + "]",
                 constraint_of(rc, message));
}

}  // namespace atrium::db::sqlite
