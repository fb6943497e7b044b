#pragma once
// Time comes through this interface so tests can pin it: expiring tokens, fixtures made by
// Better Auth at a known instant, refresh windows.

#include <atomic>
#include <chrono>

namespace atrium {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to; safe to read from several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : ticks_(start.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(ticks_.load())); }
  void set(TimePoint t) { ticks_.store(t.time_since_epoch().count()); }
  void advance(TimePoint::duration d) { ticks_.fetch_add(d.count()); }

 private:
  std::atomic<TimePoint::rep> ticks_;
};

// The process-wide real clock.
Clock& system_clock();

// Milliseconds since the Unix epoch, the unit Better Auth stores in rateLimit.lastRequest.
inline std::int64_t epoch_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace atrium
