#include "auth/hashing_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace atrium::auth {
namespace {

TEST(HashingPoolShape, ZeroMeansOneThreadPerCoreAndFourQueuedPerThread) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(hashing_threads(0), cores);
  EXPECT_EQ(hashing_threads(3), 3u);
  EXPECT_EQ(hashing_queue(0, 2), 8u);
  EXPECT_EQ(hashing_queue(5, 2), 5u);
}

}  // namespace
}  // namespace atrium::auth
