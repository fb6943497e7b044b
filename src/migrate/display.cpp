#include "migrate/display.hpp"

namespace atrium::migrate {
namespace {

std::string comma(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

std::string down_text(const Revision& r) {
  return r.down_revisions.empty() ? "<base>" : comma(r.down_revisions);
}

}  // namespace

std::string head_only(const RevisionGraph& graph, const std::string& id, const DisplayFlags& f) {
  const Revision& r = graph.at(id);
  std::string text = id;
  if (f.include_parents) {
    if (!r.depends_on.empty()) {
      text = down_text(r) + " (" + comma(r.depends_on) + ") -> " + text;
    } else {
      text = down_text(r) + " -> " + text;
    }
  }
  const auto labels = graph.branch_labels(id);
  if (f.include_branches && !labels.empty()) text += " (" + comma(labels) + ")";
  if (graph.is_real_head(id)) text += " (head)";
  if (graph.is_head(id) && !graph.is_real_head(id)) text += " (effective head)";
  if (f.current) text += " (current)";
  if (f.tree_indicators) {
    if (graph.is_branch_point(id)) text += " (branchpoint)";
    if (graph.is_merge_point(id)) text += " (mergepoint)";
  }
  if (f.include_doc) text += ", " + r.doc();
  return text;
}

std::string log_entry(const RevisionGraph& graph, const std::string& id, bool current) {
  const Revision& r = graph.at(id);
  std::string entry = "Rev: " + id;
  if (graph.is_head(id)) entry += " (head)";
  if (graph.is_branch_point(id)) entry += " (branchpoint)";
  if (graph.is_merge_point(id)) entry += " (mergepoint)";
  if (current) entry += " (current)";
  entry += "\n";
  entry += (graph.is_merge_point(id) ? "Merges: " : "Parent: ") + down_text(r) + "\n";
  if (!r.depends_on.empty()) entry += "Also depends on: " + comma(r.depends_on) + "\n";
  if (graph.is_branch_point(id))
    entry += "Branches into: " + comma(graph.next_revisions(id)) + "\n";
  const auto labels = graph.branch_labels(id);
  if (!labels.empty()) entry += "Branch names: " + comma(labels) + "\n";
  entry += "Path: " + r.path + "\n\n";
  std::string doc = r.message;
  std::size_t start = 0;
  while (start <= doc.size()) {
    auto nl = doc.find('\n', start);
    entry +=
        "    " + doc.substr(start, nl == std::string::npos ? std::string::npos : nl - start) + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return entry;
}

}  // namespace atrium::migrate
