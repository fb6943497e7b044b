#pragma once
// PostgreSQL SQLSTATEs (and a connection libpq reports as bad) mapped onto DbErrorKind.

#include <string>
#include <string_view>

#include "db/error.hpp"

struct pg_conn;
struct pg_result;

namespace atrium::db::postgres {

DbErrorKind classify(std::string_view sqlstate);

// libpq's messages span lines and indent with tabs; logs want one line.
std::string one_line(std::string_view text);

// Builds the error for a failed call: from the result's fields when the server answered,
// from the connection's message when libpq failed locally. A connection libpq considers bad
// is connection_lost whatever the SQLSTATE said.
DbError make_error(const pg_result* result, const pg_conn* conn);

}  // namespace atrium::db::postgres
