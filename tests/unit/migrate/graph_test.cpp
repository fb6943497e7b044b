// The revision graph against Alembic's observed behaviour (alembic.md §4.2–4.5): specifiers,
// relative targets, error texts, upgrade/downgrade order and version-table moves.

#include "migrate/graph.hpp"

#include <gtest/gtest.h>

#include "migrate/errors.hpp"

namespace atrium::migrate {
namespace {

Revision rev(std::string id, std::vector<std::string> down, std::vector<std::string> labels = {},
             std::vector<std::string> deps = {}) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.depends_on = std::move(deps);
  r.message = r.id + " doc\nmore";
  return r;
}

// base -> a1 -> b2 -> c3, a linear chain.
RevisionGraph linear() {
  return RevisionGraph({rev("a1f3c5e7d901", {}), rev("b2e4d6f8a012", {"a1f3c5e7d901"}),
                        rev("c3d5e7f9b123", {"b2e4d6f8a012"})});
}

// c3 branches into d4 and d5; e6 merges them.
std::vector<Revision> branched(bool merged) {
  std::vector<Revision> r{rev("a1f3c5e7d901", {}), rev("b2e4d6f8a012", {"a1f3c5e7d901"}),
                          rev("c3d5e7f9b123", {"b2e4d6f8a012"}),
                          rev("d4e6f8a0b234", {"c3d5e7f9b123"}),
                          rev("d5f7a9b1c345", {"c3d5e7f9b123"})};
  if (merged) r.push_back(rev("e6a8b0c2d456", {"d4e6f8a0b234", "d5f7a9b1c345"}));
  return r;
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const RevisionError& e) {
    return e.what();
  }
  return "no error";
}

using V = std::vector<std::string>;

TEST(Graph, HeadsAndBases) {
  auto g = linear();
  EXPECT_EQ(g.heads(), V{"c3d5e7f9b123"});
  EXPECT_EQ(g.bases(), V{"a1f3c5e7d901"});
  RevisionGraph b(branched(false));
  EXPECT_EQ(b.heads(), (V{"d4e6f8a0b234", "d5f7a9b1c345"}));
  EXPECT_TRUE(b.is_branch_point("c3d5e7f9b123"));
  RevisionGraph m(branched(true));
  EXPECT_TRUE(m.is_merge_point("e6a8b0c2d456"));
  EXPECT_EQ(m.heads(), V{"e6a8b0c2d456"});
}

TEST(Graph, SpecifiersResolve) {
  auto g = linear();
  EXPECT_EQ(g.get_revisions("head"), V{"c3d5e7f9b123"});
  EXPECT_EQ(g.get_revisions("heads"), V{"c3d5e7f9b123"});
  EXPECT_EQ(g.get_revisions("base"), V{});
  EXPECT_EQ(g.get_revisions("b2e4d6f8a012"), V{"b2e4d6f8a012"});
  EXPECT_EQ(g.get_revisions("b2e"), V{"b2e4d6f8a012"});  // prefixes under 4 characters too
  EXPECT_EQ(g.get_revision("a1f3"), "a1f3c5e7d901");
}

TEST(Graph, UnknownAndAmbiguousUseAlembicsText) {
  auto g = linear();
  EXPECT_EQ(error_of([&] { g.get_revisions("zzzz"); }),
            "Can't locate revision identified by 'zzzz'");
  RevisionGraph b(branched(false));
  EXPECT_EQ(error_of([&] { b.get_revisions("d"); }), "Can't locate revision identified by 'd'");
  EXPECT_EQ(error_of([&] { b.get_revisions("head"); }),
            "Multiple head revisions are present for given argument 'head'; please specify a "
            "specific target revision, '<branchname>@head' to narrow to a specific head, or "
            "'heads' for all heads");
}

TEST(Graph, RelativeUpgradeTargets) {
  auto g = linear();
  EXPECT_EQ(g.upgrade_targets({}, "+2"), V{"b2e4d6f8a012"});
  EXPECT_EQ(g.upgrade_targets({"a1f3c5e7d901"}, "+1"), V{"b2e4d6f8a012"});
  EXPECT_EQ(g.upgrade_targets({}, "a1f3+1"), V{"b2e4d6f8a012"});
  EXPECT_EQ(error_of([&] { g.upgrade_targets({}, "+10"); }),
            "Relative revision +10 didn't produce 10 migrations");
  EXPECT_EQ(error_of([&] { g.upgrade_targets({"c3d5e7f9b123"}, "-1"); }),
            "Relative revision -1 didn't produce 1 migrations");
}

TEST(Graph, RelativeDowngradeTargets) {
  auto g = linear();
  auto t = g.downgrade_target({"c3d5e7f9b123"}, "-1");
  EXPECT_EQ(t.revision, "b2e4d6f8a012");
  t = g.downgrade_target({"c3d5e7f9b123"}, "-3");
  EXPECT_FALSE(t.revision.has_value());  // base
  EXPECT_EQ(error_of([&] { g.downgrade_target({"a1f3c5e7d901"}, "-2"); }),
            "Relative revision -2 didn't produce 2 migrations");
  EXPECT_EQ(error_of([&] { g.downgrade_target({}, "-1"); }),
            "Relative revision -1 didn't produce 1 migrations");
  RevisionGraph m(branched(true));
  EXPECT_EQ(error_of([&] { m.downgrade_target({"e6a8b0c2d456"}, "-1"); }), "Ambiguous walk");
}

TEST(Graph, UpgradePathIsBaseFirst) {
  auto g = linear();
  EXPECT_EQ(g.upgrade_path({}, g.upgrade_targets({}, "head")),
            (V{"a1f3c5e7d901", "b2e4d6f8a012", "c3d5e7f9b123"}));
  EXPECT_EQ(g.upgrade_path({"b2e4d6f8a012"}, {"c3d5e7f9b123"}), V{"c3d5e7f9b123"});
  EXPECT_TRUE(g.upgrade_path({"c3d5e7f9b123"}, {"c3d5e7f9b123"}).empty());
}

TEST(Graph, DowngradePathIsNewestFirst) {
  auto g = linear();
  auto t = g.downgrade_target({"c3d5e7f9b123"}, "base");
  EXPECT_EQ(g.downgrade_path({"c3d5e7f9b123"}, t),
            (V{"c3d5e7f9b123", "b2e4d6f8a012", "a1f3c5e7d901"}));
  auto to_b = g.downgrade_target({"a1f3c5e7d901"}, "b2e4d6f8a012");
  EXPECT_EQ(error_of([&] { g.downgrade_path({"a1f3c5e7d901"}, to_b); }),
            "Destination b2e4d6f8a012 is not a valid downgrade target from current head(s)");
}

TEST(Graph, LinearVersionMovesAreInsertUpdateDelete) {
  auto g = linear();
  std::set<std::string> heads;
  auto c = g.step(heads, "a1f3c5e7d901", true);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::insert);
  c = g.step(heads, "b2e4d6f8a012", true);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::update);
  EXPECT_EQ(c[0].from, "a1f3c5e7d901");
  EXPECT_EQ(c[0].to, "b2e4d6f8a012");
  c = g.step(heads, "b2e4d6f8a012", false);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::update);
  c = g.step(heads, "a1f3c5e7d901", false);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::remove);
  EXPECT_TRUE(heads.empty());
}

TEST(Graph, BranchesInsertAndMergesDeleteOneParent) {
  RevisionGraph g(branched(true));
  std::set<std::string> heads{"c3d5e7f9b123"};
  EXPECT_EQ(g.step(heads, "d4e6f8a0b234", true)[0].kind, VersionChange::Kind::update);
  // The second child of a branch point starts a new row.
  auto c = g.step(heads, "d5f7a9b1c345", true);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::insert);
  EXPECT_EQ(heads, (std::set<std::string>{"d4e6f8a0b234", "d5f7a9b1c345"}));
  // The merge deletes one parent and updates the other.
  c = g.step(heads, "e6a8b0c2d456", true);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::remove);
  EXPECT_EQ(c[1].kind, VersionChange::Kind::update);
  EXPECT_EQ(heads, std::set<std::string>{"e6a8b0c2d456"});
  // Un-merging inserts one parent and updates to the other.
  c = g.step(heads, "e6a8b0c2d456", false);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::insert);
  EXPECT_EQ(c[1].kind, VersionChange::Kind::update);
  EXPECT_EQ(heads, (std::set<std::string>{"d4e6f8a0b234", "d5f7a9b1c345"}));
}

TEST(Graph, UpgradeThroughABranchAndMerge) {
  RevisionGraph g(branched(true));
  auto path = g.upgrade_path({}, g.upgrade_targets({}, "head"));
  ASSERT_EQ(path.size(), 6u);
  EXPECT_EQ(path.front(), "a1f3c5e7d901");
  EXPECT_EQ(path.back(), "e6a8b0c2d456");
}

TEST(Graph, OverlappingStoredRevisionsAreRefused) {
  auto g = linear();
  EXPECT_EQ(error_of([&] {
              g.upgrade_path({"c3d5e7f9b123", "a1f3c5e7d901"}, {"c3d5e7f9b123"});
            }),
            "Requested revision c3d5e7f9b123 overlaps with other requested revisions a1f3c5e7d901");
}

TEST(Graph, BranchLabelsAndDependsOn) {
  auto revisions = branched(false);
  revisions.push_back(rev("f1a2b3c4d5e6", {}, {"audit"}, {"b2e4d6f8a012"}));
  revisions.push_back(rev("f2b3c4d5e6f7", {"f1a2b3c4d5e6"}));
  RevisionGraph g(revisions);
  EXPECT_EQ(g.get_revisions("audit@head"), V{"f2b3c4d5e6f7"});
  EXPECT_EQ(g.get_revisions("audit@base"), V{});
  // Upgrading the branch first applies what it depends on.
  auto path = g.upgrade_path({}, g.upgrade_targets({}, "audit@head"));
  EXPECT_EQ(path, (V{"a1f3c5e7d901", "b2e4d6f8a012", "f1a2b3c4d5e6", "f2b3c4d5e6f7"}));
  // alembic_version holds only the branch head; `current` shows the dependency too.
  std::set<std::string> heads;
  for (const auto& id : path) g.step(heads, id, true);
  EXPECT_EQ(heads, std::set<std::string>{"f2b3c4d5e6f7"});
  EXPECT_EQ(g.current_heads({"f2b3c4d5e6f7"}), (V{"b2e4d6f8a012", "f2b3c4d5e6f7"}));
}

TEST(Graph, BrokenGraphsAreRefused) {
  EXPECT_EQ(error_of([] {
              RevisionGraph({rev("a1", {}), rev("b2", {"ffffffffffff"})});
            }),
            "Revision ffffffffffff referenced from b2 is not present");
  EXPECT_EQ(error_of([] {
              RevisionGraph({rev("a1", {}), rev("a1", {})});
            }),
            "Revision a1 is present more than once");
  EXPECT_EQ(error_of([] {
              RevisionGraph({rev("a0", {}), rev("c1", {"c2"}), rev("c2", {"c1"})});
            }),
            "Cycle is detected in revisions (c1, c2)");
  EXPECT_EQ(error_of([] { RevisionGraph({rev("a-1", {})}); }),
            "Character(s) '-' not allowed in revision identifier 'a-1'");
}

TEST(Graph, StampMovesWithoutRunning) {
  auto g = linear();
  std::set<std::string> heads;
  auto c = g.stamp(heads, {"b2e4d6f8a012"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::insert);
  c = g.stamp(heads, {"head"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::update);
  EXPECT_EQ(heads, std::set<std::string>{"c3d5e7f9b123"});
  c = g.stamp(heads, {"base"});
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].kind, VersionChange::Kind::remove);
  EXPECT_TRUE(heads.empty());
}

TEST(Graph, HistoryIsNewestFirstAndRanges) {
  auto g = linear();
  EXPECT_EQ(g.history("", ""), (V{"c3d5e7f9b123", "b2e4d6f8a012", "a1f3c5e7d901"}));
  EXPECT_EQ(g.history("b2e4d6f8a012", "head"), (V{"c3d5e7f9b123", "b2e4d6f8a012"}));
  EXPECT_EQ(g.applied({"b2e4d6f8a012"}), (V{"a1f3c5e7d901", "b2e4d6f8a012"}));
}

}  // namespace
}  // namespace atrium::migrate
