// The floor under sign-in and sign-up: how many scrypt hashes atrium's own hasher, with the
// parameters atrium's AuthOptions use (Better Auth's: N=16384, r=16, p=1, 64 bytes), completes
// per second on as many threads as atrium's hashing pool has (one per core by default).
//
//   scrypt_ceiling [threads=0] [seconds=10]   (0: one per core, as atrium's hashing pool)
//   prints "<hashes/s> <wall ms per hash> <CPU ms per hash> <threads> <N> <r> <p>"
//
// The wall-clock rate depends on what else the machine runs at that moment, so run.sh measures
// it right after atrium's own sign-in load, and the CPU time per hash (each thread's own CPU
// clock) is the figure that does not move with the machine's load.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>
#include <vector>

#include "auth/auth_options.hpp"
#include "auth/scrypt_hasher.hpp"
#include "core/random.hpp"

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const unsigned cores = std::thread::hardware_concurrency();
  int threads = argc > 1 ? std::atoi(argv[1]) : 0;
  if (threads <= 0) threads = static_cast<int>(cores == 0 ? 1 : cores);
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  // The very parameters atrium hashes with, not a copy of the numbers.
  const atrium::auth::ScryptParams params = atrium::auth::AuthOptions{}.scrypt;
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<double> cpu(static_cast<std::size_t>(threads), 0.0);
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      atrium::auth::ScryptHasher hasher(atrium::system_random(), params);
      const double cpu_start = thread_cpu_seconds();
      while (!stop.load()) {
        hasher.hash("bench-password-123");
        ++done;
      }
      cpu[static_cast<std::size_t>(i)] = thread_cpu_seconds() - cpu_start;
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu_total = 0;
  for (double c : cpu) cpu_total += c;
  const double n = static_cast<double>(done.load());
  const double rate = n / elapsed;
  std::printf("%.2f %.1f %.1f %d %llu %u %u\n", rate, 1000.0 * threads / rate,
              n > 0 ? 1000.0 * cpu_total / n : 0.0, threads,
              static_cast<unsigned long long>(params.n), params.r, params.p);
}
