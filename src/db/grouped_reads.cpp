#include "db/grouped_reads.hpp"

#include <exception>
#include <map>
#include <utility>

#include "db/error.hpp"
#include "db/transaction.hpp"

namespace atrium::db {

GroupedReads::GroupedReads(Database& database, std::string sql, Defer defer)
    : database_(database), sql_(std::move(sql)), defer_(std::move(defer)) {}

std::vector<GroupedReads::Read>& GroupedReads::waiting_here() {
  // Per thread and per object (one object in practice, more in tests); an entry outlives its
  // object only empty, since the object outlives every task it deferred.
  thread_local std::map<const GroupedReads*, std::vector<Read>> waiting;
  return waiting[this];
}

void GroupedReads::submit(std::vector<Value> params, Done done) {
  auto& waiting = waiting_here();
  waiting.push_back(Read{std::move(params), std::move(done)});
  if (waiting.size() > 1) return;  // the group's run is deferred already
  if (!defer_([this] { run_waiting(); })) run_waiting();
}

void GroupedReads::run_waiting() {
  std::vector<Read> group = std::exchange(waiting_here(), {});
  if (group.empty()) return;
  groups_.fetch_add(1, std::memory_order_relaxed);
  reads_.fetch_add(group.size(), std::memory_order_relaxed);
  auto outcomes = read(group);
  for (std::size_t i = 0; i < group.size(); ++i) answer(group[i].done, std::move(outcomes[i]));
}

std::vector<ReadOutcome> GroupedReads::read(std::vector<Read>& group) {
  std::vector<ReadOutcome> outcomes(group.size());
  try {
    // A connection that needs no waiting, or none: the reads' callers go elsewhere then.
    auto lease = database_.try_acquire();
    if (!lease) {
      throw DbError(DbErrorKind::pool_timeout, "", "no database connection free at once");
    }
    Transaction snapshot(**lease, TxMode::deferred);
    for (std::size_t i = 0; i < group.size(); ++i) {
      try {
        outcomes[i].result = (*lease)->query(sql_, group[i].params);
      } catch (const DbError&) {
        outcomes[i].error = std::current_exception();
      }
    }
    snapshot.commit();
  } catch (...) {
    // No snapshot, or one that did not end well: trust none of its rows.
    for (auto& outcome : outcomes) {
      outcome.result = {};
      outcome.error = std::current_exception();
    }
  }
  return outcomes;
}

}  // namespace atrium::db
