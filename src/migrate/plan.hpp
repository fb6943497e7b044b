#pragma once
// Splits a revision's operations into units of work and picks the cheapest correct SQL for
// each: in place wherever the dialect can, one SQLite copy-and-move for a run of operations on
// the same table that SQLite cannot ALTER. Online and offline runs walk the same units.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/op.hpp"

namespace atrium::migrate {

struct Unit {
  enum class Kind {
    statements,        // `sql`, in order
    rebuild,           // SQLite copy-and-move, `sql` in order
    adopt_table,       // create, or take over a compatible existing table
    adopt_index,       // create, or keep an identical existing index
    concurrent_index,  // PostgreSQL CREATE INDEX CONCURRENTLY (rebuilds an INVALID leftover)
    bulk_insert,
    data,
  };
  Kind kind = Kind::statements;
  std::size_t first = 0;  // index of the first operation covered
  std::size_t count = 1;  // number of operations covered
  std::vector<std::string> sql;
  std::string table;  // rebuild: the table rebuilt
};

// The current definition of a table (nullopt when it does not exist): the replayed model
// offline, the live database online (asked just before the unit that needs it).
using TableLookup = std::function<std::optional<Table>(const std::string&)>;

Unit next_unit(const std::vector<Operation>& ops, std::size_t index, Dialect dialect,
               const TableLookup& lookup);

// The table an operation alters in place (add/drop/alter column, constraints), or empty.
std::string altered_table(const Operation& op);

// Whether a revision may rebuild a SQLite table, so foreign keys must be switched off before
// its transaction (SQLite ignores the pragma inside one).
bool may_rebuild(const std::vector<Operation>& ops);

}  // namespace atrium::migrate
