#include "db/deferred_reads.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace atrium::db {

void DeferredReads::answer(const Done& done, ReadOutcome outcome) {
  try {
    done(std::move(outcome));
  } catch (const std::exception& e) {
    spdlog::error("a deferred read's continuation failed: {}", e.what());
  } catch (...) {
    spdlog::error("a deferred read's continuation failed");
  }
}

}  // namespace atrium::db
