#include "learn/percentile.hpp"

#include <gtest/gtest.h>

namespace atrium::learn {
namespace {

TEST(Percentile, RankIsCeilingOfShare) {
  EXPECT_EQ(nearest_rank(1, 50), 1u);
  EXPECT_EQ(nearest_rank(1, 99), 1u);
  EXPECT_EQ(nearest_rank(10, 50), 5u);
  EXPECT_EQ(nearest_rank(10, 95), 10u);  // ceil(9.5)
  EXPECT_EQ(nearest_rank(20, 95), 19u);
  EXPECT_EQ(nearest_rank(100, 99), 99u);
  EXPECT_EQ(nearest_rank(101, 99), 100u);  // ceil(99.99)
  EXPECT_EQ(nearest_rank(4, 25), 1u);
  EXPECT_EQ(nearest_rank(4, 26), 2u);
  EXPECT_EQ(nearest_rank(7, 100), 7u);
}

TEST(Percentile, PicksAnObservedValue) {
  // The textbook example: 15, 20, 35, 40, 50.
  std::vector<double> v = {50, 15, 40, 20, 35};
  EXPECT_EQ(nearest_rank_percentile(v, 5), 15);
  EXPECT_EQ(nearest_rank_percentile(v, 30), 20);
  EXPECT_EQ(nearest_rank_percentile(v, 40), 20);
  EXPECT_EQ(nearest_rank_percentile(v, 50), 35);
  EXPECT_EQ(nearest_rank_percentile(v, 100), 50);
}

TEST(Percentile, EmptyHasNone) {
  EXPECT_FALSE(nearest_rank_percentile({}, 50));
}

TEST(Percentile, OneToHundred) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  EXPECT_EQ(nearest_rank_percentile(v, 50), 50);
  EXPECT_EQ(nearest_rank_percentile(v, 95), 95);
  EXPECT_EQ(nearest_rank_percentile(v, 99), 99);
}

}  // namespace
}  // namespace atrium::learn
