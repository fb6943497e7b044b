#pragma once
// atrium writes PostgreSQL's `$1, $2, …` placeholders on both dialects. SQLite reads `$1` as a
// named parameter called "$1", whose index follows first appearance rather than the number,
// so the SQLite driver rewrites each `$N` to `?N` (numbered, the same slot as PostgreSQL's)
// everywhere except inside string literals, quoted identifiers and comments.

#include <string>
#include <string_view>

namespace atrium::db {

std::string rewrite_placeholders_for_sqlite(std::string_view sql);

}  // namespace atrium::db
