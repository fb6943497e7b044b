#include "db/postgres/errors.hpp"

#include <string>

#include "db/postgres/libpq.hpp"

namespace atrium::db::postgres {

DbErrorKind classify(std::string_view sqlstate) {
  if (sqlstate == "23505") return DbErrorKind::unique_violation;
  if (sqlstate == "23503") return DbErrorKind::foreign_key_violation;
  if (sqlstate == "23502") return DbErrorKind::not_null_violation;
  if (sqlstate == "23514") return DbErrorKind::check_violation;
  // serialization_failure, deadlock_detected, lock_not_available (NOWAIT and lock_timeout),
  // query_canceled (statement_timeout), too_many_connections: all worth a retry later.
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014" ||
      sqlstate == "53300") {
    return DbErrorKind::busy;
  }
  // admin_shutdown, crash_shutdown, cannot_connect_now, and class 08 except protocol_violation,
  // which is also what a bind with the wrong number of parameters gets.
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") {
    return DbErrorKind::connection_lost;
  }
  if (sqlstate.starts_with("08") && sqlstate != "08P01") return DbErrorKind::connection_lost;
  if (sqlstate.starts_with("42")) return DbErrorKind::syntax;
  return DbErrorKind::other;
}

namespace {

std::string field(const PGresult* result, int code) {
  if (result == nullptr) return {};
  const char* value = libpq().PQresultErrorField(result, code);
  return value ? value : "";
}

}  // namespace

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

DbError make_error(const PGresult* result, const PGconn* conn) {
  std::string sqlstate = field(result, PG_DIAG_SQLSTATE);
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty()) {
    message = result ? libpq().PQresultErrorMessage(result) : "";
    if (message.empty() && conn) message = libpq().PQerrorMessage(conn);
  }
  message = one_line(message);
  if (message.empty()) message = "PostgreSQL call failed";
  if (auto detail = field(result, PG_DIAG_MESSAGE_DETAIL); !detail.empty()) {
    message += " (" + one_line(detail) + ")";
  }
  DbErrorKind kind = classify(sqlstate);
  if (conn == nullptr || libpq().PQstatus(conn) == CONNECTION_BAD) {
    kind = DbErrorKind::connection_lost;
    if (sqlstate.empty()) sqlstate = "08006";  // connection_failure
  }
  if (sqlstate == "26000") {
    // What a transaction pooler does to named statements when nobody told atrium about it.
    message +=
        "; behind a transaction-pooling PgBouncer, open the database with "
        "pg_pooler_transaction (ATRIUM_PG_POOLER=transaction)";
  }
  if (!sqlstate.empty()) message += " [SQLSTATE " + sqlstate + "]";
  return DbError(kind, sqlstate, message, field(result, PG_DIAG_CONSTRAINT_NAME));
}

}  // namespace atrium::db::postgres
