// The cost of recording one request: learn::Metrics::on_complete, which the server's completion
// hook calls on the socket thread after each response (Prometheus series + the writer's
// buffer), with the background writer inserting into a real database meanwhile.
// Usage: hook_cost <DATABASE_URL at head> [calls]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "learn/metrics.hpp"

namespace {

// This thread's own CPU time: on a machine shared with other work the wall clock also counts
// the time the thread waited for a core.
std::chrono::nanoseconds cpu_clock(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}
std::chrono::nanoseconds thread_cpu() {
  return cpu_clock(CLOCK_THREAD_CPUTIME_ID);
}
std::chrono::nanoseconds process_cpu() {
  return cpu_clock(CLOCK_PROCESS_CPUTIME_ID);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace atrium;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <database url> [calls]\n", argv[0]);
    return 64;
  }
  const long calls = argc > 2 ? std::atol(argv[2]) : 2'000'000;
  auto database = db::Database::open(argv[1]);
  learn::Metrics metrics(*database, system_clock(), {});
  http::Request request;
  request.method = "POST";
  request.route_template = "/api/chat/sessions/{id}/messages";
  // Paced in bursts the writer can keep up with, as a server at ~100k requests/s would be.
  const long burst = 512;
  std::chrono::nanoseconds spent{0};
  std::chrono::nanoseconds cpu{0};
  long done = 0;
  const auto process_start = process_cpu();
  const auto main_start = thread_cpu();
  for (; done < calls; done += burst) {
    const auto start = std::chrono::steady_clock::now();
    const auto cpu_start = thread_cpu();
    for (long i = 0; i < burst; ++i) {
      metrics.on_complete(request, 201, std::chrono::microseconds(850 + (i % 200)));
    }
    cpu += thread_cpu() - cpu_start;
    spent += std::chrono::steady_clock::now() - start;
    // ~5 ms per 512 requests: about 100k requests/s.
    // Sleeping, not spinning, so that the process's CPU time less this thread's is the
    // background writer's: what inserting the rows costs.
    std::this_thread::sleep_until(start + std::chrono::microseconds(5000));
  }
  metrics.writer().flush();
  const auto writer_cpu = (process_cpu() - process_start) - (thread_cpu() - main_start);
  const auto s = metrics.writer().stats();
  std::printf(
      "calls=%ld ns_per_call=%.0f cpu_ns_per_call=%.0f writer_cpu_ns_per_row=%.0f written=%llu "
      "dropped=%llu failed=%llu\n",
      done, static_cast<double>(spent.count()) / static_cast<double>(done),
      static_cast<double>(cpu.count()) / static_cast<double>(done),
      static_cast<double>(writer_cpu.count()) / static_cast<double>(done),
      static_cast<unsigned long long>(s.written), static_cast<unsigned long long>(s.dropped),
      static_cast<unsigned long long>(s.failed));
  return 0;
}
