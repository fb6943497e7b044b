#include "learn/metrics_writer.hpp"

#include <spdlog/spdlog.h>

namespace atrium::learn {

MetricsWriter::MetricsWriter(db::Database& database, Clock& clock, MetricsWriterOptions options)
    : database_(database), clock_(clock), options_(options) {
  buffer_.reserve(std::min<std::size_t>(options_.batch, options_.capacity));
  thread_ = std::thread([this] { run(); });
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
    buffer_.push_back(std::move(row));
    wake = buffer_.size() == options_.batch;
  }
  recorded_.fetch_add(1, std::memory_order_relaxed);
  if (wake) wake_.notify_one();
  return true;
}

void MetricsWriter::write(std::vector<MetricRow>& rows) {
  if (rows.empty()) return;
  std::lock_guard lock(write_mutex_);
  try {
    auto conn = database_.acquire();
    insert_metrics(*conn, rows);
    written_.fetch_add(rows.size(), std::memory_order_relaxed);
  } catch (const std::exception& e) {
    // Metrics are best effort: a batch that cannot be written is counted, not retried, so a
    // database outage cannot pile rows up without bound.
    failed_.fetch_add(rows.size(), std::memory_order_relaxed);
    spdlog::warn("metrics: could not write {} rows: {}", rows.size(), e.what());
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
    auto conn = database_.acquire();
    const auto n = delete_metrics_before(*conn, clock_.now() - options_.retention);
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
  rows.reserve(options_.batch);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.flush_interval,
                     [this] { return stopping_ || buffer_.size() >= options_.batch; });
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
