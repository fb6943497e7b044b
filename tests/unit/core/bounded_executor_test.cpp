#include "core/bounded_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

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

// Waits until every thread is back on the idle stack (each finished task's thread returns to
// it a moment after the task itself ends).
void wait_until_quiet(const BoundedExecutor& ex) {
  while (ex.idle_threads() != ex.thread_count()) std::this_thread::yield();
}

TEST(BoundedExecutor, WorkGoesToTheThreadThatFinishedLast) {
  // One task at a time on four threads: each runs on the thread that ran the one before, so
  // a light load touches one thread's memory instead of all four in turn.
  BoundedExecutor ex("test", 4, 16);
  wait_until_quiet(ex);
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 20; ++i) {
    std::promise<std::thread::id> who;
    ASSERT_TRUE(ex.try_submit([&who] { who.set_value(std::this_thread::get_id()); }));
    ran_on.insert(who.get_future().get());
    wait_until_quiet(ex);
  }
  EXPECT_EQ(ran_on.size(), 1u);
}

TEST(BoundedExecutor, ConcurrentWorkStillSpreadsOverTheThreads) {
  BoundedExecutor ex("test", 3, 16);
  std::latch all_running(3);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::mutex mutex;
  std::set<std::thread::id> ran_on;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(ex.try_submit([&] {
      {
        std::lock_guard lock(mutex);
        ran_on.insert(std::this_thread::get_id());
      }
      all_running.count_down();
      gate.wait();
    }));
  }
  all_running.wait();  // would never return if two tasks waited for one thread
  release.set_value();
  ex.shutdown();  // the tasks use this frame's locals until they return
  EXPECT_EQ(ran_on.size(), 3u);
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
