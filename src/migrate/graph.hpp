#pragma once
// The revision graph and Alembic's target syntax, ported from Alembic's RevisionMap
// (script/revision.py) so that every specifier and every version-table move means exactly
// what it means to Alembic: head, heads, base, ids and unique prefixes, +N/-N, <rev>+N,
// <branch>@head, merges, branch points and depends_on.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrate/revision.hpp"

namespace atrium::migrate {

// How one step changes the version table, in the order Alembic issues the statements.
struct VersionChange {
  enum class Kind { insert, remove, update };
  Kind kind;
  std::string from;  // remove / update
  std::string to;    // insert / update
};

class RevisionGraph {
 public:
  // Throws RevisionError for a duplicate id, a missing down_revision or dependency, a
  // duplicate branch label, an illegal character in an id, or a cycle.
  explicit RevisionGraph(std::vector<Revision> revisions);

  const std::vector<Revision>& revisions() const { return revisions_; }
  bool contains(std::string_view id) const;
  const Revision& at(std::string_view id) const;  // exact id; throws RevisionError

  std::vector<std::string> heads() const;       // versioned heads (down_revision only)
  std::vector<std::string> real_heads() const;  // heads once depends_on is counted
  std::vector<std::string> bases() const;

  bool is_head(std::string_view id) const;
  bool is_real_head(std::string_view id) const;
  bool is_branch_point(std::string_view id) const;
  bool is_merge_point(std::string_view id) const;
  std::vector<std::string> next_revisions(std::string_view id) const;
  std::vector<std::string> branch_labels(std::string_view id) const;  // with inherited ones

  // Resolves a specifier (head, heads, base, id, prefix, label@head, label@-1, …) into
  // revision ids; base gives none. Throws RevisionError with Alembic's text.
  std::vector<std::string> get_revisions(std::string_view spec) const;
  // One revision or none for base; several is the "Multiple head revisions" error.
  std::optional<std::string> get_revision(std::string_view spec) const;

  // Revisions to apply, in order, to bring `current` (the stored heads) to `target`.
  // Relative targets (+N, <rev>+N) are resolved against `current`.
  std::vector<std::string> upgrade_targets(const std::vector<std::string>& current,
                                           std::string_view target) const;
  std::vector<std::string> upgrade_path(const std::vector<std::string>& current,
                                        const std::vector<std::string>& targets) const;

  // A downgrade destination: the revision to keep (none = base) and the branch it is on.
  struct DowngradeTarget {
    std::optional<std::string> branch;
    std::optional<std::string> revision;
  };
  DowngradeTarget downgrade_target(const std::vector<std::string>& current,
                                   std::string_view target) const;
  // Revisions to undo, newest first.
  std::vector<std::string> downgrade_path(const std::vector<std::string>& current,
                                          const DowngradeTarget& target) const;

  // The version-table statements for applying (or undoing) one revision from `heads`;
  // updates `heads` accordingly.
  std::vector<VersionChange> step(std::set<std::string>& heads, const std::string& revision,
                                  bool upgrade) const;

  // `stamp`: the version-table changes that move `heads` to `targets` without running
  // anything (Alembic's _stamp_revs + HeadMaintainer).
  std::vector<VersionChange> stamp(std::set<std::string>& heads,
                                   const std::vector<std::string>& targets_spec) const;

  // What `current` prints: the stored heads with their ancestors folded away.
  std::vector<std::string> current_heads(const std::vector<std::string>& stored) const;

  // Revisions in a history range, newest first; empty bounds mean base / heads.
  std::vector<std::string> history(std::string_view lower, std::string_view upper) const;

  // All revisions applied when `heads` are stored (the heads and their ancestors), in
  // upgrade order.
  std::vector<std::string> applied(const std::vector<std::string>& heads) const;

 private:
  struct Node {
    std::vector<int> down;       // down_revision
    std::vector<int> deps;       // depends_on, resolved
    std::vector<int> norm_deps;  // depends_on that no ancestor already depends on
    std::vector<int> norm_down;  // down + norm_deps
    std::vector<int> all_down;   // down + deps
    std::vector<int> next;       // children through down_revision
    std::vector<int> all_next;   // children through down_revision or depends_on
    std::set<std::string> labels;
  };
  enum : int { kNone = -1, kBase = -2, kFail = -3 };

  int index_of(std::string_view id) const;
  const std::string& id(int n) const { return revisions_[n].id; }
  std::vector<int> to_indices(const std::vector<std::string>& ids) const;
  std::vector<std::string> to_ids(const std::vector<int>& nodes) const;

  std::vector<int> related(const std::vector<int>& targets, bool ancestors, bool deps,
                           bool check) const;
  std::vector<int> ancestors(const std::vector<int>& targets, bool deps = true,
                             bool check = false) const {
    return related(targets, true, deps, check);
  }
  std::vector<int> descendants(const std::vector<int>& targets, bool deps = true,
                               bool check = false) const {
    return related(targets, false, deps, check);
  }
  std::pair<std::vector<std::string>, std::string> resolve_number(std::string_view spec) const;
  int revision_for_ident(const std::string& ident, const std::string& branch = {}) const;
  int resolve_branch(const std::string& label) const;
  bool shares_lineage(int target, const std::vector<int>& against, bool deps = false) const;
  std::vector<int> filter_for_lineage(const std::vector<int>& targets, std::string_view against,
                                      bool deps = false) const;
  std::vector<int> revisions_for(std::string_view spec) const;  // get_revisions as nodes
  std::optional<int> current_head(const std::string& branch) const;
  int walk(int start, int steps, const std::string& branch, bool no_overwalk) const;
  std::vector<int> parse_upgrade_target(const std::vector<std::string>& current,
                                        std::string_view target) const;
  std::vector<std::string> topological_sort(const std::vector<int>& nodes,
                                            const std::vector<int>& heads) const;
  std::vector<int> filter_into_branch_heads(const std::vector<int>& targets) const;
  std::vector<int> unmerge_to(const std::set<std::string>& heads, int rev) const;
  void detect_cycles() const;
  void add_branches();

  std::vector<Revision> revisions_;
  std::vector<Node> nodes_;
  std::map<std::string, int, std::less<>> by_key_;  // ids and branch labels
  std::vector<int> heads_, real_heads_, bases_, real_bases_;
};

}  // namespace atrium::migrate
