#pragma once
// The migration engine's failures. Texts follow Alembic's where it has one (alembic.md §4.11),
// so people and scripts that know Alembic recognise them.

#include <stdexcept>
#include <string>

namespace atrium::migrate {

// A problem with the revision graph, a revision specifier or the stored version.
class RevisionError : public std::runtime_error {
 public:
  explicit RevisionError(const std::string& message, bool usage = false)
      : std::runtime_error(message), usage_(usage) {}
  // True when the user's own argument was at fault (exit code 2), not the graph or database.
  bool usage() const noexcept { return usage_; }

 private:
  bool usage_;
};

// A revision that failed while running; the message names the revision, the operation and
// the SQL.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atrium::migrate
