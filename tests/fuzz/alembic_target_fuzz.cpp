// Alembic target expressions (head-1, abc@head, ae10+2, heads, base, branch@-1, prefixes…)
// against a graph with branches, a merge, labels and a dependency: each either resolves or is
// a RevisionError, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/errors.hpp"
#include "migrate/graph.hpp"

using atrium::migrate::Revision;
using atrium::migrate::RevisionError;
using atrium::migrate::RevisionGraph;

namespace {

RevisionGraph make_graph() {
  std::vector<Revision> r;
  r.push_back({.id = "ae1027a6acf0", .branch_labels = {"core"}});
  r.push_back({.id = "27c6a30d7c24", .down_revisions = {"ae1027a6acf0"}});
  r.push_back({.id = "1975ea83b712", .down_revisions = {"27c6a30d7c24"}});
  r.push_back(
      {.id = "1f2e3d4c5b6a", .down_revisions = {"ae1027a6acf0"}, .branch_labels = {"side"}});
  r.push_back({.id = "1f2e3d4c5b6b", .down_revisions = {"1f2e3d4c5b6a"}});
  r.push_back({.id = "e58d1bdc4ddb", .down_revisions = {"1975ea83b712", "1f2e3d4c5b6b"}});
  r.push_back({.id = "b2e5d7f9a314", .down_revisions = {"e58d1bdc4ddb"}});
  r.push_back({.id = "0a0b0c0d0e0f", .branch_labels = {"other"}, .depends_on = {"27c6a30d7c24"}});
  r.push_back({.id = "0a0b0c0d0e10", .down_revisions = {"0a0b0c0d0e0f"}});
  return RevisionGraph(std::move(r));
}

template <typename F>
void guarded(F&& f) {
  try {
    f();
  } catch (const RevisionError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const RevisionGraph graph = make_graph();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // "<target>" or "<target>\n<lower>:<upper>" for history.
  const auto newline = input.find('\n');
  const std::string_view spec = input.substr(0, newline);

  guarded([&] { (void)graph.get_revisions(spec); });
  guarded([&] { (void)graph.get_revision(spec); });
  for (const std::vector<std::string>& current :
       {std::vector<std::string>{}, std::vector<std::string>{"27c6a30d7c24"},
        std::vector<std::string>{"b2e5d7f9a314", "0a0b0c0d0e10"}}) {
    guarded([&] {
      const auto targets = graph.upgrade_targets(current, spec);
      (void)graph.upgrade_path(current, targets);
    });
    guarded([&] {
      const auto target = graph.downgrade_target(current, spec);
      (void)graph.downgrade_path(current, target);
    });
    guarded([&] {
      std::set<std::string> heads(current.begin(), current.end());
      (void)graph.stamp(heads, {std::string(spec)});
    });
  }
  if (newline != std::string_view::npos) {
    const std::string_view range = input.substr(newline + 1);
    const auto colon = range.find(':');
    guarded([&] {
      (void)graph.history(range.substr(0, colon),
                          colon == std::string_view::npos ? "" : range.substr(colon + 1));
    });
  }
  return 0;
}
