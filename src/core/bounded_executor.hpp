#pragma once
// A fixed set of threads with a bounded queue. try_submit refuses work instead of growing the
// queue: the HTTP layer answers 503 and the password hasher answers 503 rather than letting a
// flood exhaust memory.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
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

 private:
  void run();

  std::string name_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace atrium
