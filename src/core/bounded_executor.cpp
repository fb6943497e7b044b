#include "core/bounded_executor.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace atrium {

BoundedExecutor::BoundedExecutor(std::string name, std::size_t threads, std::size_t queue_capacity)
    : name_(std::move(name)), capacity_(queue_capacity) {
  if (threads == 0) threads = 1;
  sleepers_.reserve(threads);
  idle_.reserve(threads);
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    sleepers_.push_back(std::make_unique<Sleeper>());
    threads_.emplace_back([this, &me = *sleepers_.back()] { run(me); });
  }
}

BoundedExecutor::~BoundedExecutor() {
  shutdown();
}

bool BoundedExecutor::try_submit(std::function<void()> task) {
  Sleeper* sleeper = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= capacity_) return false;
    queue_.push_back(std::move(task));
    if (!idle_.empty()) {
      sleeper = idle_.back();
      idle_.pop_back();
      sleeper->woken = true;
    }
  }
  if (sleeper != nullptr) sleeper->wake.notify_one();
  return true;
}

std::size_t BoundedExecutor::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t BoundedExecutor::idle_threads() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

void BoundedExecutor::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    for (Sleeper* sleeper : idle_) sleeper->woken = true;
    idle_.clear();
  }
  for (auto& sleeper : sleepers_) sleeper->wake.notify_one();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void BoundedExecutor::run(Sleeper& me) {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      while (!stopping_ && queue_.empty()) {
        // Whoever queues work next takes this thread off the idle stack and sets `woken`.
        idle_.push_back(&me);
        me.wake.wait(lock, [&me] { return me.woken; });
        me.woken = false;
      }
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      task();
    } catch (const std::exception& e) {
      // Tasks report their own failures; one that escapes must not take the thread down.
      spdlog::error("{}: task failed: {}", name_, e.what());
    } catch (...) {
      spdlog::error("{}: task failed with an unknown exception", name_);
    }
  }
}

}  // namespace atrium
