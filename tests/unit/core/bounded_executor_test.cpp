#include "core/bounded_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>

namespace atrium {
namespace {

TEST(BoundedExecutor, RunsSubmittedWork) {
  BoundedExecutor ex("test", 2, 16);
  std::atomic<int> done{0};
  std::latch all(10);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(ex.try_submit([&] {
      done.fetch_add(1);
      all.count_down();
    }));
  }
  all.wait();
  EXPECT_EQ(done.load(), 10);
}

TEST(BoundedExecutor, RefusesWhenTheQueueIsFull) {
  BoundedExecutor ex("test", 1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::latch started(1);
  ASSERT_TRUE(ex.try_submit([&] {
    started.count_down();
    gate.wait();
  }));
  started.wait();  // the only thread is busy; the queue is empty
  EXPECT_TRUE(ex.try_submit([gate] { gate.wait(); }));
  EXPECT_TRUE(ex.try_submit([gate] { gate.wait(); }));
  EXPECT_FALSE(ex.try_submit([] {}));
  release.set_value();
  ex.shutdown();
  EXPECT_FALSE(ex.try_submit([] {}));
}

TEST(BoundedExecutor, ShutdownRunsWhatIsQueuedAndSurvivesThrowingTasks) {
  std::atomic<int> ran{0};
  {
    BoundedExecutor ex("test", 1, 8);
    ASSERT_TRUE(ex.try_submit([] { throw std::runtime_error("boom"); }));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(ex.try_submit([&] { ran.fetch_add(1); }));
    ex.shutdown();
    ex.shutdown();
  }
  EXPECT_EQ(ran.load(), 5);
}

}  // namespace
}  // namespace atrium
