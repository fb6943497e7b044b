#pragma once
// What SQLite's pragmas do not tell about a table but its stored CREATE TABLE text does:
// constraint names, CHECK constraints and AUTOINCREMENT. Needed so a table rebuilt by
// copy-and-move keeps every constraint it had, under the same names.

#include <string>
#include <string_view>
#include <vector>

#include "migrate/model.hpp"

namespace atrium::migrate {

struct SqliteTableDdl {
  std::string primary_key_name;
  std::vector<UniqueConstraint> uniques;
  std::vector<CheckConstraint> checks;
  std::vector<ForeignKey> foreign_keys;  // names, columns and ref_table only
  bool autoincrement = false;
};

SqliteTableDdl parse_sqlite_create_table(std::string_view sql);

// The WHERE predicate of a stored CREATE INDEX text, or empty.
std::string sqlite_index_predicate(std::string_view sql);

}  // namespace atrium::migrate
