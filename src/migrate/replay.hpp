#pragma once
// Applies operations to the in-memory Schema: what a revision chain implies, for `check`,
// offline SQLite rebuilds and the expected shape of an adopted table.

#include <map>
#include <string>

#include "migrate/op.hpp"

namespace atrium::migrate {

// Applies one operation to a schema (operations that only move data change nothing).
void apply(Schema& schema, const Operation& op, Dialect dialect);

// Applies an operation that touches a single table to that table. `renamed` maps a column's
// new name to its old one across renames, so a rebuild knows where each column comes from.
void apply_to_table(Table& table, const Operation& op, Dialect dialect,
                    std::map<std::string, std::string>* renamed = nullptr);

// A table as it exists on one dialect: defaults meant for another dialect removed.
Table for_dialect(Table table, Dialect dialect);

}  // namespace atrium::migrate
