#pragma once
// SQLite's extended result codes mapped onto DbErrorKind.

#include <string>

#include "db/error.hpp"

namespace atrium::db::sqlite {

// `rc` is an extended result code (the connection runs with extended codes on).
DbErrorKind classify(int rc);

DbError make_error(int rc, const std::string& message);

}  // namespace atrium::db::sqlite
