#pragma once
// Operations to SQL text, per dialect. Pure functions: the runner executes what they return
// and `--sql` prints it, so online and offline runs are the same statements.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/op.hpp"

namespace atrium::migrate {

std::string create_table_sql(const Table& table, Dialect dialect, bool if_not_exists = false);
std::string create_index_sql(const Index& index, Dialect dialect, bool concurrently = false,
                             bool if_not_exists = false);
std::string references_sql(const ForeignKey& fk);

// SQLite rebuilds a table for what it cannot ALTER in place; this tells whether `op` needs
// that given the table's current definition (nullptr: unknown, answer conservatively).
bool sqlite_needs_rebuild(const Operation& op, const Table* current);

// The statements for an operation done in place. Must not be called for an operation that
// needs a SQLite rebuild, for an adopted create, a bulk insert or a data step.
std::vector<std::string> native_sql(const Operation& op, Dialect dialect);

// SQLite's documented copy-and-move: create the new table under a temporary name, copy the
// rows, drop the old table, rename, recreate indexes and triggers. `renamed` maps a column
// of `after` to its name in `before` where a rename happened.
std::vector<std::string> sqlite_rebuild_sql(const Table& before, const Table& after,
                                            const std::map<std::string, std::string>& renamed);

// A value as an SQL literal for offline scripts.
std::string literal_sql(const db::Value& value, Dialect dialect);
std::string bulk_insert_sql(const BulkInsert& insert, Dialect dialect);
// The parameterised INSERT used online for one row ($1, $2, …).
std::string bulk_insert_statement(const BulkInsert& insert);

}  // namespace atrium::migrate
