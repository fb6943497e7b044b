#include "migrate/graph.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "migrate/errors.hpp"

namespace atrium::migrate {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

[[noreturn]] void cant_locate(const std::string& argument) {
  throw RevisionError("Can't locate revision identified by '" + argument + "'");
}

[[noreturn]] void multiple_heads(const std::string& argument) {
  throw RevisionError("Multiple head revisions are present for given argument '" + argument +
                      "'; please specify a specific target revision, '<branchname>@" + argument +
                      "' to narrow to a specific head, or 'heads' for all heads");
}

bool has(const std::vector<int>& v, int x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

void add_unique(std::vector<int>& v, int x) {
  if (!has(v, x)) v.push_back(x);
}

std::vector<int> intersect(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  for (int x : a) {
    if (has(b, x)) add_unique(out, x);
  }
  return out;
}

std::vector<int> subtract(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out;
  for (int x : a) {
    if (!has(b, x)) add_unique(out, x);
  }
  return out;
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && ptr == digits.data() + digits.size();
}

struct Relative {
  std::string branch;  // may be empty
  std::string symbol;  // may be empty
  std::string relative_text;
  int relative = 0;
};

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Alembic's `(?:(.+?)@)?(\w+)?((?:\+|-)\d+)`, matched at the start only as re.match does
// (hand-written: compiling a std::regex costs more than a whole `atrium db current`).
std::optional<Relative> match_relative(std::string_view target) {
  // Try the branch prefix at each '@' (the lazy `.+?` takes the first that matches), then
  // without one.
  auto rest_matches = [](std::string_view rest, Relative& r) {
    std::size_t i = 0;
    while (i < rest.size() && is_word(rest[i])) ++i;
    // `(\w+)?` is greedy but gives back characters: the sign must follow the word.
    std::size_t word_end = i;
    if (word_end == rest.size() || (rest[word_end] != '+' && rest[word_end] != '-')) return false;
    std::size_t j = word_end + 1;
    const std::size_t digits = j;
    while (j < rest.size() && std::isdigit(static_cast<unsigned char>(rest[j]))) ++j;
    if (j == digits) return false;
    r.symbol = std::string(rest.substr(0, word_end));
    r.relative_text = std::string(rest.substr(word_end, j - word_end));
    return parse_int(r.relative_text, r.relative);
  };
  for (std::size_t at = target.find('@'); at != std::string_view::npos && at > 0;
       at = target.find('@', at + 1)) {
    Relative r;
    r.branch = std::string(target.substr(0, at));
    if (rest_matches(target.substr(at + 1), r)) return r;
  }
  Relative r;
  if (rest_matches(target, r)) return r;
  return std::nullopt;
}

std::string produced_error(const std::string& relative_text, int relative) {
  return "Relative revision " + relative_text + " didn't produce " +
         std::to_string(std::abs(relative)) + " migrations";
}

}  // namespace

RevisionGraph::RevisionGraph(std::vector<Revision> revisions) : revisions_(std::move(revisions)) {
  nodes_.resize(revisions_.size());
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    const auto& r = revisions_[i];
    if (r.id.empty()) throw RevisionError("A revision has an empty id");
    for (char c : r.id) {
      if (c == '@' || c == '-' || c == '+') {
        throw RevisionError("Character(s) '" + std::string(1, c) +
                            "' not allowed in revision identifier '" + r.id + "'");
      }
    }
    if (r.id.size() > 32) {
      throw RevisionError("Revision identifier '" + r.id +
                          "' is longer than the version table's 32 characters");
    }
    if (std::find(r.down_revisions.begin(), r.down_revisions.end(), r.id) !=
        r.down_revisions.end()) {
      throw RevisionError("Self-loop is detected in revisions (" + r.id + ")");
    }
    if (std::find(r.depends_on.begin(), r.depends_on.end(), r.id) != r.depends_on.end()) {
      throw RevisionError("Dependency self-loop is detected in revisions (" + r.id + ")");
    }
    if (!by_key_.emplace(r.id, static_cast<int>(i)).second) {
      throw RevisionError("Revision " + r.id + " is present more than once");
    }
  }
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    for (const auto& label : revisions_[i].branch_labels) {
      auto [it, inserted] = by_key_.emplace(label, static_cast<int>(i));
      if (!inserted) {
        throw RevisionError("Branch name '" + label + "' in revision " + revisions_[i].id +
                            " already used by revision " + revisions_[it->second].id);
      }
    }
  }
  std::vector<bool> head(revisions_.size(), true), real_head(revisions_.size(), true);
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    auto& n = nodes_[i];
    const auto& r = revisions_[i];
    for (const auto& d : r.down_revisions) {
      auto it = by_key_.find(d);
      if (it == by_key_.end() || revisions_[it->second].id != d) {
        throw RevisionError("Revision " + d + " referenced from " + r.id + " is not present");
      }
      add_unique(n.down, it->second);
    }
    for (const auto& d : r.depends_on) {
      auto it = by_key_.find(d);
      if (it == by_key_.end()) {
        throw RevisionError("Revision " + d + " referenced from " + r.id + " is not present");
      }
      add_unique(n.deps, it->second);
    }
    n.all_down = n.down;
    for (int d : n.deps) add_unique(n.all_down, d);
    for (int d : n.all_down) {
      add_unique(nodes_[d].all_next, static_cast<int>(i));
      if (has(n.down, d)) {
        add_unique(nodes_[d].next, static_cast<int>(i));
        head[d] = false;
      }
      real_head[d] = false;
    }
  }
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    if (head[i]) heads_.push_back(static_cast<int>(i));
    if (real_head[i]) real_heads_.push_back(static_cast<int>(i));
    if (revisions_[i].down_revisions.empty()) bases_.push_back(static_cast<int>(i));
    if (revisions_[i].down_revisions.empty() && revisions_[i].depends_on.empty()) {
      real_bases_.push_back(static_cast<int>(i));
    }
  }
  detect_cycles();
  // depends_on entries that an ancestor already depends on add nothing.
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    auto& n = nodes_[i];
    n.norm_deps = n.deps;
    if (!n.deps.empty()) {
      for (int a : ancestors({static_cast<int>(i)}, false)) {
        if (a == static_cast<int>(i)) continue;
        n.norm_deps = subtract(n.norm_deps, nodes_[a].deps);
      }
    }
    n.norm_down = n.down;
    for (int d : n.norm_deps) add_unique(n.norm_down, d);
  }
  add_branches();
}

void RevisionGraph::detect_cycles() const {
  if (revisions_.empty()) return;
  auto all_ids = [&] {
    std::vector<std::string> ids;
    for (const auto& r : revisions_) ids.push_back(r.id);
    return ids;
  };
  auto reach = [&](const std::vector<int>& from, bool down, bool deps) {
    std::vector<bool> seen(nodes_.size(), false);
    std::vector<int> todo = from;
    while (!todo.empty()) {
      int n = todo.back();
      todo.pop_back();
      if (seen[n]) continue;
      seen[n] = true;
      const auto& edges = down ? (deps ? nodes_[n].all_down : nodes_[n].down)
                               : (deps ? nodes_[n].all_next : nodes_[n].next);
      for (int e : edges) todo.push_back(e);
    }
    return seen;
  };
  auto check = [&](const std::vector<int>& tops, const std::vector<int>& roots, bool deps,
                   const char* kind) {
    if (tops.empty() || roots.empty()) {
      throw RevisionError(std::string(kind) + " is detected in revisions (" + join(all_ids()) +
                          ")");
    }
    auto from_top = reach(tops, true, deps);
    auto from_root = reach(roots, false, deps);
    std::vector<std::string> cyclic;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!(from_top[i] && from_root[i])) cyclic.push_back(revisions_[i].id);
    }
    if (!cyclic.empty()) {
      std::sort(cyclic.begin(), cyclic.end());
      throw RevisionError(std::string(kind) + " is detected in revisions (" + join(cyclic) + ")");
    }
  };
  check(heads_, bases_, false, "Cycle");
  check(real_heads_, real_bases_, true, "Dependency cycle");
}

void RevisionGraph::add_branches() {
  for (std::size_t i = 0; i < revisions_.size(); ++i) {
    const auto& labels = revisions_[i].branch_labels;
    if (labels.empty()) continue;
    for (int d : descendants({static_cast<int>(i)}, false)) {
      nodes_[d].labels.insert(labels.begin(), labels.end());
    }
    // Down to the branch point, the revisions before the labelled one belong to it too.
    int parent = static_cast<int>(i);
    while (parent >= 0 && nodes_[parent].all_next.size() <= 1 && nodes_[parent].down.size() <= 1) {
      nodes_[parent].labels.insert(labels.begin(), labels.end());
      parent = nodes_[parent].down.empty() ? -1 : nodes_[parent].down.front();
    }
  }
}

bool RevisionGraph::contains(std::string_view id) const {
  auto it = by_key_.find(id);
  return it != by_key_.end() && revisions_[it->second].id == id;
}

const Revision& RevisionGraph::at(std::string_view id) const {
  auto it = by_key_.find(id);
  if (it == by_key_.end() || revisions_[it->second].id != id) cant_locate(std::string(id));
  return revisions_[it->second];
}

int RevisionGraph::index_of(std::string_view id) const {
  auto it = by_key_.find(id);
  if (it == by_key_.end() || revisions_[it->second].id != id) cant_locate(std::string(id));
  return it->second;
}

std::vector<int> RevisionGraph::to_indices(const std::vector<std::string>& ids) const {
  std::vector<int> out;
  for (const auto& i : ids) add_unique(out, index_of(i));
  return out;
}

std::vector<std::string> RevisionGraph::to_ids(const std::vector<int>& nodes) const {
  std::vector<std::string> out;
  out.reserve(nodes.size());
  for (int n : nodes) out.push_back(id(n));
  return out;
}

std::vector<std::string> RevisionGraph::heads() const {
  return to_ids(heads_);
}
std::vector<std::string> RevisionGraph::real_heads() const {
  return to_ids(real_heads_);
}
std::vector<std::string> RevisionGraph::bases() const {
  return to_ids(bases_);
}

bool RevisionGraph::is_head(std::string_view rev) const {
  return nodes_[index_of(rev)].next.empty();
}
bool RevisionGraph::is_real_head(std::string_view rev) const {
  return nodes_[index_of(rev)].all_next.empty();
}
bool RevisionGraph::is_branch_point(std::string_view rev) const {
  return nodes_[index_of(rev)].next.size() > 1;
}
bool RevisionGraph::is_merge_point(std::string_view rev) const {
  return nodes_[index_of(rev)].down.size() > 1;
}
std::vector<std::string> RevisionGraph::next_revisions(std::string_view rev) const {
  return to_ids(nodes_[index_of(rev)].next);
}
std::vector<std::string> RevisionGraph::branch_labels(std::string_view rev) const {
  const auto& labels = nodes_[index_of(rev)].labels;
  return {labels.begin(), labels.end()};
}

std::vector<int> RevisionGraph::related(const std::vector<int>& targets, bool up_to_ancestors,
                                        bool deps, bool check) const {
  std::vector<bool> seen(nodes_.size(), false);
  std::vector<int> out;
  for (int target : targets) {
    std::vector<int> todo{target};
    std::vector<int> per_target;
    while (!todo.empty()) {
      int n = todo.back();
      todo.pop_back();
      if (check) add_unique(per_target, n);
      if (seen[n]) continue;
      seen[n] = true;
      const auto& node = nodes_[n];
      const auto& edges = up_to_ancestors ? (deps ? node.norm_down : node.down)
                                          : (deps ? node.all_next : node.next);
      for (int e : edges) todo.push_back(e);
      out.push_back(n);
    }
    if (check) {
      std::vector<std::string> overlaps;
      for (int p : per_target) {
        if (p != target && has(targets, p)) overlaps.push_back(id(p));
      }
      if (!overlaps.empty()) {
        throw RevisionError("Requested revision " + id(target) +
                            " overlaps with other requested revisions " + join(overlaps));
      }
    }
  }
  return out;
}

std::pair<std::vector<std::string>, std::string> RevisionGraph::resolve_number(
    std::string_view spec) const {
  std::string branch;
  std::string rest(spec);
  if (auto at = rest.find('@'); at != std::string::npos) {
    branch = rest.substr(0, at);
    rest = rest.substr(at + 1);
  }
  if (rest == "heads") {
    if (!branch.empty()) return {to_ids(filter_for_lineage(heads_, branch)), branch};
    return {to_ids(real_heads_), branch};
  }
  if (rest == "head") {
    auto h = current_head(branch);
    if (h) return {{id(*h)}, branch};
    return {{}, branch};
  }
  if (rest == "base" || rest.empty()) return {{}, branch};
  return {{rest}, branch};
}

std::optional<int> RevisionGraph::current_head(const std::string& branch) const {
  std::vector<int> hs = heads_;
  if (!branch.empty()) hs = filter_for_lineage(hs, branch);
  if (hs.size() > 1) multiple_heads(branch.empty() ? "head" : branch + "@head");
  if (hs.empty()) return std::nullopt;
  return hs.front();
}

int RevisionGraph::resolve_branch(const std::string& label) const {
  auto it = by_key_.find(label);
  if (it != by_key_.end()) return it->second;
  try {
    return revision_for_ident(label);
  } catch (const RevisionError&) {
    cant_locate(label);
  }
}

int RevisionGraph::revision_for_ident(const std::string& ident, const std::string& branch) const {
  if (ident.empty()) return kBase;
  int branch_rev = kNone;
  if (!branch.empty()) branch_rev = resolve_branch(branch);
  int rev;
  if (auto it = by_key_.find(ident); it != by_key_.end()) {
    rev = it->second;
  } else {
    std::vector<int> candidates;
    for (const auto& [key, node] : by_key_) {
      if (key.size() > 3 && key.compare(0, ident.size(), ident) == 0) candidates.push_back(node);
    }
    if (branch_rev != kNone) candidates = filter_for_lineage(candidates, branch);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (candidates.size() != 1) cant_locate(ident);
    rev = candidates.front();
  }
  if (branch_rev != kNone && !shares_lineage(rev, {branch_rev})) cant_locate(ident);
  return rev;
}

bool RevisionGraph::shares_lineage(int target, const std::vector<int>& against, bool deps) const {
  if (against.empty()) return true;
  for (int n : descendants({target}, deps)) {
    if (has(against, n)) return true;
  }
  for (int n : ancestors({target}, deps)) {
    if (has(against, n)) return true;
  }
  return false;
}

std::vector<int> RevisionGraph::filter_for_lineage(const std::vector<int>& targets,
                                                   std::string_view against, bool deps) const {
  auto [ids, branch] = resolve_number(against);
  std::vector<int> shares;
  if (!branch.empty()) shares.push_back(resolve_branch(branch));
  for (const auto& i : ids) {
    int r = revision_for_ident(i);
    if (r >= 0) shares.push_back(r);
  }
  std::vector<int> out;
  for (int t : targets) {
    if (t >= 0 && shares_lineage(t, shares, deps)) out.push_back(t);
  }
  return out;
}

std::vector<int> RevisionGraph::revisions_for(std::string_view spec) const {
  auto [ids, branch] = resolve_number(spec);
  if (ids.size() == 1) {
    int steps = 0;
    if (parse_int(ids.front(), steps) && steps < 0) {
      std::vector<int> selected = revisions_for("heads");
      if (!branch.empty()) {
        std::vector<int> filtered;
        for (int h : selected) {
          if (nodes_[h].labels.count(branch)) filtered.push_back(h);
        }
        selected = filtered;
      }
      std::vector<int> out;
      for (int h : selected) {
        int r = walk(h, steps, {}, true);
        if (r == kFail || r == kNone) throw RevisionError("Walked too far");
        if (r >= 0) out.push_back(r);
      }
      return out;
    }
  }
  std::vector<int> out;
  for (const auto& i : ids) {
    int r = revision_for_ident(i, branch);
    if (r >= 0) out.push_back(r);
  }
  return out;
}

std::vector<std::string> RevisionGraph::get_revisions(std::string_view spec) const {
  return to_ids(revisions_for(spec));
}

std::optional<std::string> RevisionGraph::get_revision(std::string_view spec) const {
  auto [ids, branch] = resolve_number(spec);
  if (ids.size() > 1) multiple_heads(std::string(spec));
  if (ids.empty()) return std::nullopt;
  int r = revision_for_ident(ids.front(), branch);
  if (r < 0) return std::nullopt;
  return id(r);
}

int RevisionGraph::walk(int start, int steps, const std::string& branch, bool no_overwalk) const {
  int initial = start;
  for (int i = 0; i < std::abs(steps); ++i) {
    std::vector<int> children;
    if (steps > 0) {
      if (initial == kBase) return kFail;
      children = initial == kNone ? bases_ : nodes_[initial].next;
      if (!branch.empty()) children = filter_for_lineage(children, branch);
    } else if (initial != kBase) {
      children = initial == kNone ? heads_ : nodes_[initial].down;
      if (children.empty()) children = {kBase};
    }
    if (children.empty()) return no_overwalk ? kFail : initial;
    if (children.size() > 1) throw RevisionError("Ambiguous walk");
    initial = children.front();
  }
  return initial;
}

std::vector<int> RevisionGraph::parse_upgrade_target(const std::vector<std::string>& current,
                                                     std::string_view target) const {
  auto rel = match_relative(target);
  if (!rel) return revisions_for(target);
  std::vector<int> current_nodes;
  for (const auto& c : current) {
    for (int n : revisions_for(c)) add_unique(current_nodes, n);
  }
  if (rel->relative > 0) {
    int result;
    if (rel->symbol.empty()) {
      std::vector<int> start = current_nodes;
      if (start.empty()) start = {kNone};
      if (!rel->branch.empty()) {
        start = filter_for_lineage(current_nodes, rel->branch);
        if (start.empty()) {
          // The branch is not a head: start from its newest applied revision, if any.
          auto active = filter_for_lineage(ancestors(current_nodes), rel->branch);
          std::vector<int> downs;
          for (int a : active) {
            for (int d : nodes_[a].norm_down) add_unique(downs, d);
          }
          start = subtract(active, downs);
          if (start.empty()) start = {kNone};
        }
      }
      if (start.size() > 1)
        throw RevisionError("Ambiguous upgrade from multiple current revisions");
      result = walk(start.front(), rel->relative, rel->branch, true);
    } else {
      auto sym = get_revision(rel->symbol);
      result = walk(sym ? index_of(*sym) : kNone, rel->relative, rel->branch, true);
    }
    if (result == kFail || result == kNone) {
      throw RevisionError(produced_error(rel->relative_text, rel->relative));
    }
    if (result == kBase) return {};
    return {result};
  }
  if (rel->symbol.empty()) {
    throw RevisionError(produced_error(std::to_string(rel->relative), rel->relative));
  }
  auto sym = get_revision(rel->branch.empty() ? rel->symbol : rel->branch + "@" + rel->symbol);
  int result = walk(sym ? index_of(*sym) : kBase, rel->relative, {}, true);
  if (result == kFail || result == kNone) {
    throw RevisionError(produced_error(std::to_string(rel->relative), rel->relative));
  }
  if (result == kBase) return {};
  return {result};
}

std::vector<std::string> RevisionGraph::upgrade_targets(const std::vector<std::string>& current,
                                                        std::string_view target) const {
  return to_ids(parse_upgrade_target(current, target));
}

std::vector<std::string> RevisionGraph::upgrade_path(
    const std::vector<std::string>& current, const std::vector<std::string>& targets) const {
  std::vector<int> target_nodes = to_indices(targets);
  std::vector<int> required = ancestors(target_nodes, true, true);
  for (int t : target_nodes) add_unique(required, t);
  std::vector<int> current_nodes;
  for (const auto& c : current) {
    for (int n : revisions_for(c)) add_unique(current_nodes, n);
  }
  std::vector<int> current_set = ancestors(current_nodes, true, true);
  for (int c : current_nodes) add_unique(current_set, c);
  auto order = topological_sort(subtract(required, current_set), target_nodes);
  std::reverse(order.begin(), order.end());
  return order;
}

RevisionGraph::DowngradeTarget RevisionGraph::downgrade_target(
    const std::vector<std::string>& current, std::string_view target) const {
  auto rel = match_relative(target);
  if (rel) {
    if (rel->relative >= 0) {
      if (rel->symbol.empty()) {
        throw RevisionError(produced_error(rel->relative_text, rel->relative));
      }
      auto sym = get_revision(rel->symbol);
      int r = walk(sym ? index_of(*sym) : kNone, rel->relative, rel->branch, true);
      if (r == kFail || r == kNone) throw RevisionError("Walked too far");
      DowngradeTarget out;
      if (!rel->branch.empty()) out.branch = rel->branch;
      if (r >= 0) out.revision = id(r);
      return out;
    }
    std::string branch = rel->branch;
    std::string symbol = rel->symbol;
    const bool relative_to_current = symbol.empty();
    if (relative_to_current) {
      if (!branch.empty()) {
        std::vector<int> current_nodes;
        for (const auto& c : current) {
          for (int n : revisions_for(c)) add_unique(current_nodes, n);
        }
        auto on_branch = filter_for_lineage(current_nodes, branch);
        if (on_branch.empty()) {
          std::vector<int> all = current_nodes;
          for (int a : ancestors(current_nodes)) add_unique(all, a);
          on_branch = filter_for_lineage(filter_into_branch_heads(all), branch);
        }
        if (on_branch.size() != 1) throw RevisionError("Ambiguous walk");
        symbol = id(on_branch.front());
      } else {
        if (current.empty())
          throw RevisionError(produced_error(std::to_string(rel->relative), rel->relative));
        symbol = current.front();
        branch = symbol;
      }
    }
    auto start = get_revision(branch.empty() ? symbol : branch + "@" + symbol);
    int r = walk(start ? index_of(*start) : kBase, rel->relative, {}, true);
    if (r == kFail || r == kNone) {
      if (relative_to_current) {
        throw RevisionError(produced_error(std::to_string(rel->relative), rel->relative));
      }
      throw RevisionError("Walked too far");
    }
    DowngradeTarget out;
    if (!branch.empty()) out.branch = branch;
    if (r >= 0) out.revision = id(r);
    return out;
  }
  DowngradeTarget out;
  std::string spec(target);
  std::string symbol = spec;
  if (auto at = spec.rfind('@'); at != std::string::npos) {
    if (at > 0) out.branch = spec.substr(0, at);
    symbol = spec.substr(at + 1);
  }
  out.revision = get_revision(symbol);
  return out;
}

std::vector<std::string> RevisionGraph::downgrade_path(const std::vector<std::string>& current,
                                                       const DowngradeTarget& target) const {
  std::vector<int> roots;
  if (!target.revision) {
    roots = bases_;
  } else {
    roots = nodes_[index_of(*target.revision)].next;
  }
  if (target.branch && roots.size() > 1) {
    auto anc = ancestors({resolve_branch(*target.branch)}, false);
    roots = intersect(roots, anc);
    if (roots.empty()) throw RevisionError("Not a valid downgrade target from current heads");
  }
  std::vector<int> heads;
  for (const auto& c : current) {
    for (int n : revisions_for(c)) add_unique(heads, n);
  }
  auto down = intersect(descendants(roots, true), ancestors(heads, true));
  // Nothing to do is fine when the target is at or below a current head: after `downgrade -1`
  // from two heads took one branch down, the target is the other head's ancestor.
  if (target.revision && down.empty() && !has(ancestors(heads, true), index_of(*target.revision))) {
    throw RevisionError("Destination " + *target.revision +
                        " is not a valid downgrade target from current head(s)");
  }
  return topological_sort(down, heads);
}

std::vector<std::string> RevisionGraph::topological_sort(const std::vector<int>& nodes,
                                                         const std::vector<int>& heads) const {
  std::vector<int> todo = nodes;
  std::vector<int> current;
  for (int h : heads) {
    if (has(todo, h)) add_unique(current, h);
  }
  std::sort(current.begin(), current.end());  // manifest order, as Alembic's insertion order
  auto ancestor_set = [&](int n) { return ancestors({n}); };
  std::vector<std::vector<int>> ancestors_by_idx;
  ancestors_by_idx.reserve(current.size());
  for (int h : current) ancestors_by_idx.push_back(ancestor_set(h));

  std::vector<std::string> output;
  std::size_t candidate_idx = 0;
  while (!current.empty()) {
    int candidate = current[candidate_idx];
    bool blocked = false;
    for (std::size_t check = 0; check < ancestors_by_idx.size(); ++check) {
      if (check != candidate_idx && has(ancestors_by_idx[check], candidate)) {
        candidate_idx = check;
        blocked = true;
        break;
      }
    }
    if (blocked) continue;
    if (has(todo, candidate)) {
      output.push_back(id(candidate));
      todo.erase(std::find(todo.begin(), todo.end(), candidate));
    }
    std::vector<int> to_add;
    for (int d : nodes_[candidate].norm_down) {
      if (has(todo, d) && !has(current, d)) to_add.push_back(d);
    }
    if (to_add.empty()) {
      current.erase(current.begin() + static_cast<long>(candidate_idx));
      ancestors_by_idx.erase(ancestors_by_idx.begin() + static_cast<long>(candidate_idx));
      candidate_idx = candidate_idx == 0 ? 0 : candidate_idx - 1;
    } else {
      current[candidate_idx] = to_add.front();
      ancestors_by_idx[candidate_idx] = ancestor_set(to_add.front());
      for (std::size_t k = 1; k < to_add.size(); ++k) {
        current.push_back(to_add[k]);
        ancestors_by_idx.push_back(ancestor_set(to_add[k]));
      }
    }
  }
  if (!todo.empty()) throw RevisionError("Dependency resolution failed; broken map");
  return output;
}

std::vector<int> RevisionGraph::filter_into_branch_heads(const std::vector<int>& targets) const {
  std::vector<int> out;
  for (int t : targets) {
    bool has_descendant = false;
    for (int d : descendants({t}, false)) {
      if (d != t && has(targets, d)) {
        has_descendant = true;
        break;
      }
    }
    if (!has_descendant) out.push_back(t);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int> RevisionGraph::unmerge_to(const std::set<std::string>& heads, int rev) const {
  std::vector<int> others;
  for (const auto& h : heads) {
    if (h != id(rev)) {
      for (int n : revisions_for(h)) add_unique(others, n);
    }
  }
  const auto& to = nodes_[rev].norm_down;
  if (others.empty()) return to;
  return subtract(to, ancestors(others));
}

std::vector<VersionChange> RevisionGraph::step(std::set<std::string>& heads,
                                               const std::string& revision, bool upgrade) const {
  const int rev = index_of(revision);
  const auto& down = nodes_[rev].norm_down;
  std::vector<VersionChange> out;
  auto remove = [&](const std::string& v) {
    heads.erase(v);
    out.push_back({VersionChange::Kind::remove, v, {}});
  };
  auto insert = [&](const std::string& v) {
    heads.insert(v);
    out.push_back({VersionChange::Kind::insert, {}, v});
  };
  auto update = [&](const std::string& from, const std::string& to) {
    heads.erase(from);
    heads.insert(to);
    out.push_back({VersionChange::Kind::update, from, to});
  };
  std::vector<int> down_in_heads;
  for (int d : down) {
    if (heads.count(id(d))) down_in_heads.push_back(d);
  }
  if (!upgrade) {
    const bool at_head = heads.count(revision) > 0;
    if (at_head && (down.empty() || unmerge_to(heads, rev).empty())) {
      remove(revision);
    } else if (at_head && down.size() > 1) {
      auto to = unmerge_to(heads, rev);
      for (std::size_t i = 0; i + 1 < to.size(); ++i) insert(id(to[i]));
      update(revision, id(to.back()));
    } else {
      if (down.size() != 1) {
        if (down_in_heads.size() != 1) {
          throw RevisionError("Can't do an UPDATE because downrevision is ambiguous");
        }
      }
      update(revision, id(down.size() == 1 ? down.front() : down_in_heads.front()));
    }
    return out;
  }
  if (down.empty() || down_in_heads.empty()) {
    insert(revision);
  } else if (down.size() > 1 && down_in_heads.size() > 1) {
    std::vector<int> others;
    for (const auto& h : heads) {
      int n = index_of(h);
      if (!has(down, n)) others.push_back(n);
    }
    std::vector<int> from = down;
    if (!others.empty()) from = subtract(down, ancestors(others));
    for (std::size_t i = 0; i + 1 < from.size(); ++i) remove(id(from[i]));
    update(id(from.back()), revision);
  } else {
    update(id(down.size() == 1 ? down.front() : down_in_heads.front()), revision);
  }
  return out;
}

std::vector<VersionChange> RevisionGraph::stamp(
    std::set<std::string>& heads, const std::vector<std::string>& targets_spec) const {
  std::vector<std::string> specs = targets_spec;
  if (specs.empty()) specs = {"base"};
  std::vector<int> head_nodes;
  for (const auto& h : heads) {
    for (int n : revisions_for(h)) add_unique(head_nodes, n);
  }
  std::vector<int> filtered;
  for (const auto& spec : specs) {
    for (int n : filter_for_lineage(head_nodes, spec, true)) add_unique(filtered, n);
  }
  std::vector<int> dests;
  bool any_base = false;
  for (const auto& spec : specs) {
    auto revs = revisions_for(spec);
    if (revs.empty()) any_base = true;
    for (int n : revs) add_unique(dests, n);
  }
  std::vector<VersionChange> out;
  auto remove = [&](const std::string& v) {
    heads.erase(v);
    out.push_back({VersionChange::Kind::remove, v, {}});
  };
  auto insert = [&](const std::string& v) {
    heads.insert(v);
    out.push_back({VersionChange::Kind::insert, {}, v});
  };
  auto update = [&](const std::string& from, const std::string& to) {
    heads.erase(from);
    heads.insert(to);
    out.push_back({VersionChange::Kind::update, from, to});
  };
  if (dests.empty() && any_base) {
    for (int h : filtered) remove(id(h));
    return out;
  }
  for (int dest : dests) {
    if (has(filtered, dest)) continue;
    const auto desc = descendants({dest});
    const auto anc = ancestors({dest});
    std::vector<std::string> from;
    bool branch_move = false;
    if (!intersect(desc, filtered).empty() || !intersect(anc, filtered).empty()) {
      for (int f : filtered) from.push_back(id(f));
    } else {
      branch_move = true;
    }
    const std::string to = id(dest);
    bool from_missing = false;
    for (const auto& f : from) {
      if (!heads.count(f)) from_missing = true;
    }
    if ((branch_move || from_missing) && !heads.count(to)) {
      insert(to);
    } else if (from.size() > 1) {
      for (std::size_t i = 0; i + 1 < from.size(); ++i) remove(from[i]);
      update(from.back(), to);
    } else if (from.size() == 1) {
      update(from.front(), to);
    }
  }
  return out;
}

std::vector<std::string> RevisionGraph::current_heads(
    const std::vector<std::string>& stored) const {
  std::vector<int> top;
  for (const auto& s : stored) {
    for (int n : revisions_for(s)) add_unique(top, n);
  }
  for (int a : ancestors(top)) add_unique(top, a);
  return to_ids(filter_into_branch_heads(top));
}

std::vector<std::string> RevisionGraph::history(std::string_view lower,
                                                std::string_view upper) const {
  const std::string lo = lower.empty() ? "base" : std::string(lower);
  const std::string up = upper.empty() ? "heads" : std::string(upper);
  std::vector<int> targets;
  std::vector<std::string> lower_ids = get_revisions(lo);
  targets = parse_upgrade_target(lower_ids, up);
  std::vector<int> required = ancestors(targets, true, true);
  for (int t : targets) add_unique(required, t);
  std::vector<int> current = to_indices(lower_ids);
  for (int c : current) {
    if (!has(required, c)) {
      std::string what = "Requested range ";
      what.append(lo).append(":").append(up);
      what.append(" does not refer to ancestor/descendant revisions along the same branch");
      throw RevisionError(what);
    }
  }
  std::vector<int> current_set = ancestors(current, true, true);
  for (int c : current) add_unique(current_set, c);
  std::vector<int> needs = subtract(required, current_set);
  for (int c : current) add_unique(needs, c);
  if (!current.empty()) needs = intersect(needs, descendants(current, false, true));
  return topological_sort(needs, targets);
}

std::vector<std::string> RevisionGraph::applied(const std::vector<std::string>& heads) const {
  std::vector<int> nodes;
  for (const auto& h : heads) {
    for (int n : revisions_for(h)) add_unique(nodes, n);
  }
  std::vector<int> all = ancestors(nodes);
  auto order = topological_sort(all, nodes);
  std::reverse(order.begin(), order.end());
  return order;
}

}  // namespace atrium::migrate
