#include "learn/metrics_writer.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <span>

namespace atrium::learn {

MetricsWriter::MetricsWriter(db::Database& database, Clock& clock,
                             const MetricsWriterOptions& options)
    : database_(database), clock_(clock), options_(options) {
  if (options_.wake_rows == 0) {
    options_.wake_rows = database_.dialect() == db::Dialect::sqlite ? 256 : 64;
  }
  buffer_.reserve(std::min<std::size_t>(options_.transaction_rows, options_.capacity));
  thread_ = std::thread([this] {
    // Named so that its CPU time can be told apart from the request threads' (bench/learn
    // reads it from /proc/<pid>/task/*/comm); at most 15 characters.
    pthread_setname_np(pthread_self(), "atrium-metrics");
    run();
  });
}

MetricsWriter::~MetricsWriter() {
  stop();
}

void MetricsWriter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  flush();
}

bool MetricsWriter::record(MetricRow row) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || buffer_.size() >= options_.capacity) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    buffer_.push_back(row);
    wake = buffer_.size() == options_.wake_rows;
  }
  recorded_.fetch_add(1, std::memory_order_relaxed);
  if (wake) wake_.notify_one();
  return true;
}

template <class F>
void MetricsWriter::with_connection(F&& f) {
  if (database_.dialect() == db::Dialect::sqlite && database_.url().sqlite_path.empty()) {
    auto lease = database_.acquire();
    f(*lease);
    return;
  }
  if (connection_ && connection_->is_broken()) connection_.reset();
  if (!connection_) connection_ = database_.connect();
  f(*connection_);
}

void MetricsWriter::write(std::vector<MetricRow>& rows) {
  if (rows.empty()) return;
  std::lock_guard lock(write_mutex_);
  const std::span<const MetricRow> all(rows);
  for (std::size_t start = 0; start < all.size(); start += options_.transaction_rows) {
    const auto slice = all.subspan(start, std::min(options_.transaction_rows, all.size() - start));
    try {
      with_connection([&](db::Connection& conn) { insert_metrics(conn, slice); });
      written_.fetch_add(slice.size(), std::memory_order_relaxed);
    } catch (const std::exception& e) {
      // Metrics are best effort: a batch that cannot be written is counted, not retried, so a
      // database outage cannot pile rows up without bound.
      failed_.fetch_add(slice.size(), std::memory_order_relaxed);
      spdlog::warn("metrics: could not write {} rows: {}", slice.size(), e.what());
    }
  }
  rows.clear();
}

void MetricsWriter::flush() {
  std::vector<MetricRow> rows;
  {
    std::lock_guard lock(mutex_);
    rows.swap(buffer_);
  }
  write(rows);
}

std::int64_t MetricsWriter::clean_up() {
  if (options_.retention.count() <= 0) return 0;
  try {
    std::lock_guard lock(write_mutex_);
    std::int64_t n = 0;
    with_connection([&](db::Connection& conn) {
      n = delete_metrics_before(conn, clock_.now() - options_.retention);
    });
    deleted_.fetch_add(static_cast<std::uint64_t>(n), std::memory_order_relaxed);
    if (n > 0) spdlog::info("metrics: deleted {} rows older than the retention period", n);
    return n;
  } catch (const std::exception& e) {
    spdlog::warn("metrics: retention clean-up failed: {}", e.what());
    return 0;
  }
}

void MetricsWriter::run() {
  using steady = std::chrono::steady_clock;
  auto next_cleanup = steady::now();  // once at start, then every interval
  std::vector<MetricRow> rows;
  rows.reserve(options_.transaction_rows);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.flush_interval,
                     [this] { return stopping_ || buffer_.size() >= options_.wake_rows; });
      if (stopping_) return;  // stop() flushes what is left
      rows.swap(buffer_);
    }
    write(rows);
    if (steady::now() >= next_cleanup) {
      clean_up();
      next_cleanup = steady::now() + options_.cleanup_interval;
    }
  }
}

MetricsWriterStats MetricsWriter::stats() const {
  MetricsWriterStats s;
  s.recorded = recorded_.load();
  s.written = written_.load();
  s.dropped = dropped_.load();
  s.failed = failed_.load();
  s.deleted = deleted_.load();
  std::lock_guard lock(mutex_);
  s.buffered = buffer_.size();
  return s;
}

}  // namespace atrium::learn
