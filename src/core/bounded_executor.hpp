#pragma once
// A fixed set of threads with a bounded queue. try_submit refuses work instead of growing the
// queue: the HTTP layer answers 503 and the password hasher answers 503 rather than letting a
// flood exhaust memory.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace atrium {

class BoundedExecutor {
 public:
  BoundedExecutor(std::string name, std::size_t threads, std::size_t queue_capacity);
  ~BoundedExecutor();
  BoundedExecutor(const BoundedExecutor&) = delete;
  BoundedExecutor& operator=(const BoundedExecutor&) = delete;

  // False when the queue is full or the executor is stopping; the task is not run then.
  bool try_submit(std::function<void()> task);

  // Stops taking work, runs what is queued, joins the threads. Idempotent.
  void shutdown();

  std::size_t thread_count() const { return threads_.size(); }
  std::size_t queue_capacity() const { return capacity_; }
  std::size_t queued() const;
  // Threads waiting for work right now (tests wait for a quiet executor with it).
  std::size_t idle_threads() const;

 private:
  // One per thread, owned here so a waker may signal it after letting go of the lock.
  struct Sleeper {
    std::condition_variable wake;
    bool woken = false;
  };

  void run(Sleeper& me);

  std::string name_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<std::function<void()>> queue_;
  // Idle threads, the most recently idle last: work goes to the thread that finished last, so
  // a light load keeps using the same few threads (their stacks, caches and malloc arenas)
  // instead of touching every thread's memory in turn.
  std::vector<Sleeper*> idle_;
  bool stopping_ = false;
  std::vector<std::unique_ptr<Sleeper>> sleepers_;
  std::vector<std::thread> threads_;
};

}  // namespace atrium
