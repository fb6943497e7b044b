#pragma once
// A revision in Alembic's shape. The shipped ones live in src/schema/, one file each, and are
// listed in order by src/schema/revisions.cpp.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/op.hpp"

namespace atrium::migrate {

struct Revision {
  std::string id{};                           // 12 hex characters
  std::vector<std::string> down_revisions{};  // none (a base), one, or several (a merge)
  std::vector<std::string> branch_labels{};
  std::vector<std::string> depends_on{};
  std::string message{};  // the first line is what progress lines and `history` show
  std::function<void(Op&)> upgrade{};
  std::function<void(Op&)> downgrade{};
  // Runs outside a transaction (CREATE INDEX CONCURRENTLY): needs a direct connection, and is
  // refused behind a transaction pooler.
  bool transactional = true;
  // PostgreSQL lock_timeout for this revision's statements (SET LOCAL), so DDL that waits on a
  // busy table gives up instead of queueing every other query behind it.
  std::optional<std::chrono::milliseconds> lock_timeout{};
  std::string path{};  // the source file, for `show`

  std::string doc() const { return message.substr(0, message.find('\n')); }
};

}  // namespace atrium::migrate
