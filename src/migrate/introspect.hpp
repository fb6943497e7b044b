#pragma once
// Reads a live database back into the schema model: tables, columns with their declared types
// and defaults, primary keys, foreign keys with their rules, unique constraints, indexes (and
// on SQLite the stored index and trigger texts a rebuild must replay).

#include <optional>
#include <string>

#include "migrate/model.hpp"

namespace atrium::db {
class Connection;
}

namespace atrium::migrate {

// Every table of the current schema (PostgreSQL: current_schema()); SQLite's own sqlite_*
// tables are left out.
Schema introspect_schema(db::Connection& conn);

// One table, or nullopt if it does not exist.
std::optional<Table> introspect_table(db::Connection& conn, const std::string& table);

bool table_exists(db::Connection& conn, const std::string& table);

}  // namespace atrium::migrate
