#include "auth/verified_values.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace atrium::auth {
namespace {

TEST(VerifiedValues, HoldsWhatWasAddedAndNothingElse) {
  VerifiedValues verified;
  EXPECT_FALSE(verified.contains("a.sig"));
  verified.add("a.sig");
  EXPECT_TRUE(verified.contains("a.sig"));
  EXPECT_FALSE(verified.contains("a.sih"));
  EXPECT_FALSE(verified.contains("a.si"));
  EXPECT_FALSE(verified.contains(""));
}

TEST(VerifiedValues, StartsAfreshWhenFull) {
  VerifiedValues verified(2);
  verified.add("a");
  verified.add("b");
  EXPECT_EQ(verified.size(), 2u);
  verified.add("c");
  EXPECT_EQ(verified.size(), 1u);
  EXPECT_TRUE(verified.contains("c"));
  EXPECT_FALSE(verified.contains("a"));
  EXPECT_FALSE(verified.contains("b"));
}

TEST(VerifiedValues, CapacityZeroRemembersNothing) {
  VerifiedValues verified(0);
  verified.add("a");
  EXPECT_FALSE(verified.contains("a"));
  EXPECT_EQ(verified.size(), 0u);
}

TEST(VerifiedValues, SeveralThreadsAddAndLookUpAtOnce) {
  VerifiedValues verified(64);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&verified, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string v = std::to_string(t) + "." + std::to_string(i % 50);
        verified.add(v);
        (void)verified.contains(v);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(verified.size(), 64u);
}

}  // namespace
}  // namespace atrium::auth
