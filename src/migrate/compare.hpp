#pragma once
// Compares the schema the applied revisions imply with a live one, by meaning rather than by
// spelling. Used by `atrium db check` and by adoption of tables another tool created.

#include <set>
#include <string>
#include <vector>

#include "migrate/model.hpp"

namespace atrium::migrate {

struct Comparison {
  std::vector<std::string> differences;  // drift: each one line, readable on its own
  std::vector<std::string> notes;        // tolerated extras, reported but not failing
  bool clean() const { return differences.empty(); }
};

struct CompareOptions {
  // Extra nullable columns, extra indexes and unique constraints on extra columns are notes,
  // not drift (what Better Auth plugins and additionalFields add to its tables).
  bool allow_extras = false;
  // Compare indexes too (adoption compares the table alone; its indexes are separate ops).
  bool indexes = true;
  // A server default that differs is a note rather than drift.
  bool defaults_are_notes = false;
  // Indexes the same revision creates (or adopts) right after: neither notes nor drift.
  std::set<std::string> indexes_handled_elsewhere;
};

void compare_table(const Table& expected, const Table& actual, Dialect dialect,
                   const CompareOptions& options, Comparison& out);

// `extras_allowed`: tables created by adoption, where plugin extras are tolerated.
// `ignored`: tables that belong to the engine (the version table, atrium_*).
Comparison compare_schemas(const Schema& expected, const Schema& actual, Dialect dialect,
                           const std::set<std::string>& extras_allowed,
                           const std::set<std::string>& ignored);

}  // namespace atrium::migrate
