#pragma once
// One read statement, run for many callers at once on threads of its own: what tokio-postgres
// does for concurrent queries on one connection. submit() never blocks; the reads queued while
// a batch is on its way leave together in the next one (Connection::query_batch, one pipelined
// round trip on PostgreSQL), so under load the server answers a dozen reads for the wake-ups
// and system calls of one, and a light load waits for nothing (get-session on PostgreSQL:
// bench/RESULTS.md).
//
// A batch that fails is not trusted for anyone: each of its reads runs again alone, so errors
// and retries are exactly those of Connection::query. Each thread keeps one connection of its
// own, outside the pool (Database::connect), and makes a new one when it breaks.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/deferred_reads.hpp"
#include "db/result.hpp"
#include "db/value.hpp"

namespace atrium::db {

// The defaults measured best for get-session on 2 cores against PostgreSQL on the same
// machine (of batches of 8, 16, 32 and 64, and one thread or two): a longer batch keeps its
// last reads waiting, a second thread puts a second backend in the cores' way.
struct ReadBatcherOptions {
  std::size_t max_batch = 16;  // reads per round trip at most
  std::size_t threads = 1;     // batches (and connections) on their way at once at most
};

// Runs each read's `done` on one of the batcher's threads.
class ReadBatcher final : public DeferredReads {
 public:
  // The database must outlive the batcher. `sql` is a read: it may run more than once.
  ReadBatcher(Database& database, std::string sql, ReadBatcherOptions options = {});
  // Answers every read already submitted, then stops the threads.
  ~ReadBatcher() override;
  ReadBatcher(const ReadBatcher&) = delete;
  ReadBatcher& operator=(const ReadBatcher&) = delete;

  void submit(std::vector<Value> params, Done done) override;

  // Batches sent and reads they carried since start (tests, benchmarks).
  std::size_t batches_sent() const;
  std::size_t reads_sent() const;

 private:
  struct Read {
    std::vector<Value> params;
    Done done;
  };
  void run();
  std::vector<ReadOutcome> read(std::unique_ptr<Connection>& conn, const std::vector<Read>& batch);

  Database& database_;
  const std::string sql_;
  const ReadBatcherOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Read> queue_;
  bool stopping_ = false;
  std::size_t batches_ = 0;
  std::size_t reads_ = 0;
  std::vector<std::thread> threads_;  // last: they use everything above
};

}  // namespace atrium::db
