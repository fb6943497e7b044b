#pragma once
// One read statement for many callers on one thread, run together in one read transaction when
// the thread is next free: for SQLite, where a read costs its connection little but beginning
// and ending its snapshot costs locks on the WAL index that every connection of the process
// (and every process) shares. A server thread that read a dozen requests in one turn of its
// event loop submits their reads as it starts each, and `defer` runs them after the turn — on
// the same thread, so no read waits for another thread's wake-up (get-session on SQLite:
// bench/RESULTS.md).
//
// Each read still sees every commit made before its caller submitted it: the transaction
// begins after the last read of the group was submitted. A group that cannot get a connection
// at once, or whose transaction fails, answers each of its reads with the DbError.

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/deferred_reads.hpp"

namespace atrium::db {

class GroupedReads final : public DeferredReads {
 public:
  // Runs `task` on the calling thread once the work already waiting there is done; false when
  // it cannot (the caller is not such a thread), and the reads then run at once.
  using Defer = std::function<bool(std::function<void()> task)>;

  // The database must outlive the object, and the object every task it deferred. `sql` is a
  // read.
  GroupedReads(Database& database, std::string sql, Defer defer);

  // Runs each read's `done` on the thread that submitted it, after the turn it was submitted
  // in (or before submit() returns, when `defer` refused).
  void submit(std::vector<Value> params, Done done) override;

  // Groups run and reads they carried since start (tests, benchmarks).
  std::size_t groups_run() const { return groups_.load(std::memory_order_relaxed); }
  std::size_t reads_run() const { return reads_.load(std::memory_order_relaxed); }

 private:
  struct Read {
    std::vector<Value> params;
    Done done;
  };
  std::vector<Read>& waiting_here();  // this thread's reads not yet run
  void run_waiting();
  std::vector<ReadOutcome> read(std::vector<Read>& group);

  Database& database_;
  const std::string sql_;
  const Defer defer_;
  std::atomic<std::size_t> groups_{0};
  std::atomic<std::size_t> reads_{0};
};

}  // namespace atrium::db
