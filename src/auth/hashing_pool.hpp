#pragma once
// Password hashing on its own bounded pool. Each scrypt holds 32 MiB while it runs, so the
// pool has as many threads as cores (more would only queue inside the CPU) and a bounded
// queue: when it is full the request gets a 503 instead of a flood exhausting memory, and
// hashes never starve the workers that answer session reads.

#include <cstddef>
#include <string>
#include <string_view>

#include "auth/password_hasher.hpp"
#include "core/bounded_executor.hpp"

namespace atrium::auth {

// The pool's shape for the requested sizes: threads 0 means one per core, queue_capacity 0
// four per thread. serve sizes the password routes' lane from the same figures.
std::size_t hashing_threads(std::size_t requested);
std::size_t hashing_queue(std::size_t requested, std::size_t threads);

class HashingPool {
 public:
  HashingPool(PasswordHasher& hasher, std::size_t threads, std::size_t queue_capacity);

  // Block the calling worker until the pool has done the work. Throw atrium::Error
  // (unavailable, 503) when the queue is full, and pass on the hasher's own errors.
  std::string hash(std::string_view password);
  bool verify(std::string_view password, std::string_view stored);

  std::size_t threads() const { return executor_.thread_count(); }
  std::size_t queued() const { return executor_.queued(); }

 private:
  PasswordHasher& hasher_;
  BoundedExecutor executor_;
};

}  // namespace atrium::auth
