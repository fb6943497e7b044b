#include "db/read_batcher.hpp"

#include <pthread.h>

#include <algorithm>
#include <span>

#include "db/error.hpp"

namespace atrium::db {

namespace {

ReadBatcherOptions at_least_one(ReadBatcherOptions options) {
  options.max_batch = std::max<std::size_t>(1, options.max_batch);
  options.threads = std::max<std::size_t>(1, options.threads);
  return options;
}

}  // namespace

ReadBatcher::ReadBatcher(Database& database, std::string sql, ReadBatcherOptions options)
    : database_(database), sql_(std::move(sql)), options_(at_least_one(options)) {
  threads_.reserve(options_.threads);
  for (std::size_t i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { run(); });
}

ReadBatcher::~ReadBatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

void ReadBatcher::submit(std::vector<Value> params, Done done) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(Read{std::move(params), std::move(done)});
  }
  wake_.notify_one();
}

void ReadBatcher::run() {
  pthread_setname_np(pthread_self(), "atrium-reads");
  std::unique_ptr<Connection> conn;
  std::vector<Read> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every read answered
      const std::size_t n = std::min(options_.max_batch, queue_.size());
      batch.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      ++batches_;
      reads_ += n;
    }
    auto outcomes = read(conn, batch);
    for (std::size_t i = 0; i < batch.size(); ++i) answer(batch[i].done, std::move(outcomes[i]));
    batch.clear();
  }
}

std::vector<ReadOutcome> ReadBatcher::read(std::unique_ptr<Connection>& conn,
                                           const std::vector<Read>& batch) {
  std::vector<ReadOutcome> outcomes(batch.size());
  // A server that cannot be reached answers every read of the batch with that error at once:
  // one connect timeout per batch, not one per read.
  std::exception_ptr unreachable;
  auto connection = [&]() -> Connection* {
    if (unreachable) return nullptr;
    if (conn && conn->is_broken()) conn.reset();
    try {
      if (!conn) conn = database_.connect();
      return conn.get();
    } catch (...) {
      unreachable = std::current_exception();
      return nullptr;
    }
  };
  try {
    std::vector<std::span<const Value>> param_sets;
    param_sets.reserve(batch.size());
    for (const Read& r : batch) param_sets.emplace_back(r.params);
    if (Connection* c = connection()) {
      auto results = c->query_batch(sql_, param_sets);
      for (std::size_t i = 0; i < batch.size(); ++i) outcomes[i].result = std::move(results[i]);
      return outcomes;
    }
  } catch (const DbError&) {
    // Read each alone below: its own error, or its answer after a retry the batch skipped.
  } catch (...) {
    for (auto& outcome : outcomes) outcome.error = std::current_exception();
    return outcomes;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Connection* c = connection();
    if (c == nullptr) {
      outcomes[i].error = unreachable;
      continue;
    }
    try {
      outcomes[i].result = c->query(sql_, batch[i].params);
    } catch (...) {
      outcomes[i].error = std::current_exception();
    }
  }
  return outcomes;
}

std::size_t ReadBatcher::batches_sent() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

std::size_t ReadBatcher::reads_sent() const {
  std::lock_guard lock(mutex_);
  return reads_;
}

}  // namespace atrium::db
