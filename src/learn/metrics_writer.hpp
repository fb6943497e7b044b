#pragma once
// Writes api_metrics rows in batches on a background thread so that no request waits for the
// database. The thread has its own connection, outside the request pool: under load it would
// otherwise queue for a pooled connection behind every request handler and fall behind, and
// it would take a connection away from them while it writes (an in-memory SQLite database,
// which exists only on its one pooled connection, is the exception). The buffer is bounded: when
// the database falls behind, new rows are dropped and counted rather than letting memory grow. The
// same thread deletes rows older than the retention period now and then.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "learn/metrics_store.hpp"

namespace atrium::learn {

struct MetricsWriterOptions {
  std::size_t capacity = 65536;  // rows buffered at most; beyond this rows are dropped
  // This many rows buffered wake the writer, which then takes all there are; 0 picks by
  // dialect. PostgreSQL: 64, so each write is short: a row costs it ~10 us of CPU, and writes of
  // 256 or 1024 rows (2.5 or 10 ms on one of two cores) showed in get-session's p99 (5.3-6.0 ms
  // with 256, 3.6-3.9 with 64). SQLite: 256, since a commit rewrites the pages of the table and
  // its three indexes into the WAL (and checkpoints copy them back) whatever the number of rows:
  // get-session 8% faster than with 64 at the same p99; 1024 and 4096 lengthened the tail
  // (bench/RESULTS.md). While a write waits on a slow or distant database more rows gather, so
  // batches grow by themselves.
  std::size_t wake_rows = 0;
  std::size_t transaction_rows = 1024;  // at most, so that a backlog shows progress
  std::chrono::milliseconds flush_interval{1000};
  std::chrono::hours retention{24 * 30};  // zero keeps rows forever
  std::chrono::milliseconds cleanup_interval{std::chrono::hours(1)};
};

struct MetricsWriterStats {
  std::uint64_t recorded = 0;  // accepted into the buffer
  std::uint64_t written = 0;   // committed to api_metrics
  std::uint64_t dropped = 0;   // refused because the buffer was full
  std::uint64_t failed = 0;    // lost because writing their batch failed
  std::uint64_t deleted = 0;   // removed by retention clean-up
  std::size_t buffered = 0;
};

class MetricsWriter {
 public:
  MetricsWriter(db::Database& database, Clock& clock, const MetricsWriterOptions& options = {});
  // Stops the thread after writing what is buffered.
  ~MetricsWriter();
  MetricsWriter(const MetricsWriter&) = delete;
  MetricsWriter& operator=(const MetricsWriter&) = delete;

  // Never blocks on the database; false (and counted) when the buffer is full.
  bool record(MetricRow row);

  // Writes everything buffered so far on the calling thread (shutdown, tests).
  void flush();
  // Runs the retention clean-up now; returns the rows deleted.
  std::int64_t clean_up();

  MetricsWriterStats stats() const;
  void stop();

 private:
  void run();
  void write(std::vector<MetricRow>& rows);
  // Runs f on the writer's own connection (reconnecting when it broke), or on a pooled one
  // for an in-memory database. Call with write_mutex_ held.
  template <class F>
  void with_connection(F&& f);

  db::Database& database_;
  Clock& clock_;
  MetricsWriterOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<MetricRow> buffer_;
  bool stopping_ = false;

  std::mutex write_mutex_;  // one batch at a time, so rows land roughly in order
  std::unique_ptr<db::Connection> connection_;  // guarded by write_mutex_
  std::atomic<std::uint64_t> recorded_{0}, written_{0}, dropped_{0}, failed_{0}, deleted_{0};
  std::thread thread_;
};

}  // namespace atrium::learn
