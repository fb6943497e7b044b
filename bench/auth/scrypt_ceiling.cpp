// The floor under sign-in and sign-up: how many scrypt hashes with Better Auth's parameters
// (N=16384, r=16, p=1, 64 bytes) atrium's own hasher completes per second on N threads.
//
//   scrypt_ceiling [threads=2] [seconds=10]   prints "<hashes/s> <ms per hash>"
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "auth/scrypt_hasher.hpp"
#include "core/random.hpp"

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&] {
      atrium::auth::ScryptHasher hasher(atrium::system_random());
      while (!stop.load()) {
        hasher.hash("password123");
        ++done;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double rate = static_cast<double>(done.load()) / elapsed;
  std::printf("%.1f %.1f\n", rate, 1000.0 * threads / rate);
}
