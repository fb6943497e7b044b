#pragma once
// Reads a live database back into the schema model: tables, columns with their declared types
// and defaults, primary keys, foreign keys with their rules, unique constraints, indexes (and
// on SQLite the stored index and trigger texts a rebuild must replay).

#include <optional>
#include <set>
#include <string>
#include <vector>

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
// Which of `tables` exist in the current schema, in one query. On PostgreSQL outside a
// transaction by to_regclass rather than a pg_class query, whose planning costs a new backend
// about a millisecond (the first catalog query of `db current` and `db upgrade`); a view or
// sequence of that name then counts too (a table could not be created under its name either).
std::set<std::string> existing_tables(db::Connection& conn, const std::vector<std::string>& tables);

}  // namespace atrium::migrate
