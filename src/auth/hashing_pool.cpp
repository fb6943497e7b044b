#include "auth/hashing_pool.hpp"

#include <future>
#include <latch>
#include <thread>

#include "auth/scrypt_hasher.hpp"
#include "core/error.hpp"

namespace atrium::auth {
namespace {

template <class F>
auto run_on(BoundedExecutor& executor, F work) -> decltype(work()) {
  using Result = decltype(work());
  auto task = std::make_shared<std::packaged_task<Result()>>(std::move(work));
  auto done = task->get_future();
  if (!executor.try_submit([task] { (*task)(); })) {
    throw Error(ErrorKind::unavailable, "SERVICE_UNAVAILABLE",
                "Too many password checks in progress. Please try again shortly.");
  }
  return done.get();
}

}  // namespace

std::size_t hashing_threads(std::size_t requested) {
  if (requested != 0) return requested;
  const auto cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

std::size_t hashing_queue(std::size_t requested, std::size_t threads) {
  return requested != 0 ? requested : 4 * threads;
}

HashingPool::HashingPool(PasswordHasher& hasher, std::size_t threads, std::size_t queue_capacity)
    : hasher_(hasher),
      executor_("hashing", hashing_threads(threads),
                hashing_queue(queue_capacity, hashing_threads(threads))) {
  // Warm every hashing thread once with a tiny scrypt: the scrypt code pages and each
  // thread's malloc arena are then in place before the first sign-in instead of being faulted
  // in under load (and counted against the 32 MiB a hash is allowed).
  const auto n = executor_.thread_count();
  std::latch started(static_cast<std::ptrdiff_t>(n));
  std::latch finished(static_cast<std::ptrdiff_t>(n));
  for (std::size_t i = 0; i < n; ++i) {
    // Each task waits for all the others to start, so each thread runs exactly one.
    while (!executor_.try_submit([&] {
      started.arrive_and_wait();
      try {
        scrypt_hex("warm-up", "warm-up-salt", ScryptParams{16, 1, 1, 64});
      } catch (const std::exception&) {
        // A failed warm-up costs only the warm start.
      }
      finished.count_down();
    })) {
      std::this_thread::yield();
    }
  }
  finished.wait();
}

std::string HashingPool::hash(std::string_view password) {
  std::string copy(password);
  return run_on(executor_, [this, copy] { return hasher_.hash(copy); });
}

bool HashingPool::verify(std::string_view password, std::string_view stored) {
  std::string p(password);
  std::string s(stored);
  return run_on(executor_, [this, p, s] { return hasher_.verify(p, s); });
}

}  // namespace atrium::auth
