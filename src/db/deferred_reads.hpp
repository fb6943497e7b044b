#pragma once
// A read statement run later for each caller, together with others' (db::ReadBatcher on
// PostgreSQL, db::GroupedReads on SQLite): the caller hands over its parameters and what to do
// with the rows, and goes on with other work instead of waiting.

#include <exception>
#include <functional>
#include <vector>

#include "db/result.hpp"
#include "db/value.hpp"

namespace atrium::db {

// A read's result, or the exception that stopped it (a DbError, as Connection::query throws).
struct ReadOutcome {
  Result result;
  std::exception_ptr error;
};

class DeferredReads {
 public:
  // Called once per read, with its outcome; where depends on the implementation. It must be
  // quick and must not block: the reads answered after it wait for it.
  using Done = std::function<void(ReadOutcome)>;

  virtual ~DeferredReads() = default;
  virtual void submit(std::vector<Value> params, Done done) = 0;

 protected:
  // Calls `done` with `outcome`; what it throws is logged, so the reads after it are answered.
  static void answer(const Done& done, ReadOutcome outcome);
};

}  // namespace atrium::db
