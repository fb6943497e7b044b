#include "core/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <regex>
#include <set>

namespace atrium {
namespace {

// Replays a fixed byte sequence so the sampling rule itself can be checked.
class ScriptedRandom final : public RandomSource {
 public:
  explicit ScriptedRandom(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
  void fill(std::span<unsigned char> out) override {
    for (auto& b : out) b = bytes_[next_++ % bytes_.size()];
  }

 private:
  std::vector<unsigned char> bytes_;
  std::size_t next_ = 0;
};

TEST(Random, RejectsBytesAboveTheLargestMultipleOfTheAlphabet) {
  // 62 characters: floor(256/62)*62 = 248, so 248..255 are dropped; 0 -> 'a', 62 -> 'a',
  // 61 -> '9', 247 -> 247 % 62 = 61 -> '9'.
  ScriptedRandom random({248, 0, 255, 62, 61, 247});
  EXPECT_EQ(random_string(random, 4, kAlphanumeric), "aa99");
}

TEST(Random, GenerateIdHasBetterAuthsShape) {
  const auto id = generate_id(system_random());
  EXPECT_TRUE(std::regex_match(id, std::regex("[a-zA-Z0-9]{32}")));
  EXPECT_NE(id, generate_id(system_random()));
}

TEST(Random, DistributionIsRoughlyUniform) {
  // 62,000 draws: each character expected 1,000 times. A biased `b % 62` without rejection
  // would give the first 8 characters ~1,240; the bound below catches that.
  const auto s = random_string(system_random(), 62000, kAlphanumeric);
  std::map<char, int> counts;
  for (char c : s) ++counts[c];
  ASSERT_EQ(counts.size(), 62u);
  for (auto [c, n] : counts) {
    EXPECT_GT(n, 850) << c;
    EXPECT_LT(n, 1150) << c;
  }
}

TEST(Random, UuidV4IsCanonical) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const auto u = generate_uuid_v4(system_random());
    EXPECT_TRUE(std::regex_match(
        u, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Random, RejectsEmptyAlphabet) {
  EXPECT_THROW(random_string(system_random(), 4, ""), std::invalid_argument);
}

}  // namespace
}  // namespace atrium
