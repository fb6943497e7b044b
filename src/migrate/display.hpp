#pragma once
// How revisions are printed by current / heads / history / branches / show, in Alembic's
// words (Script.cmd_format, _head_only and log_entry), so people and scripts that read
// Alembic's output read atrium's.

#include <string>

#include "migrate/graph.hpp"

namespace atrium::migrate {

struct DisplayFlags {
  bool include_branches = false;
  bool include_doc = false;
  bool include_parents = false;
  bool tree_indicators = true;
  bool current = false;  // "(current)": the revision is in the database
};

// One line: `<parents> -> <rev> (labels) (head) (branchpoint), <doc>` as the flags ask.
std::string head_only(const RevisionGraph& graph, const std::string& id, const DisplayFlags& flags);

// The verbose block: Rev:, Parent:/Merges:, Also depends on:, Branches into:, Branch names:,
// Path:, then the message indented by four spaces.
std::string log_entry(const RevisionGraph& graph, const std::string& id, bool current = false);

}  // namespace atrium::migrate
