// The cost of recording one request: learn::Metrics::on_complete, which the server's completion
// hook calls on the socket thread after each response (Prometheus series + the writer's
// buffer), with the background writer inserting into a real database meanwhile.
// Usage: hook_cost <DATABASE_URL at head> [calls]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/request.hpp"
#include "learn/metrics.hpp"

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
  long done = 0;
  for (; done < calls; done += burst) {
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < burst; ++i) {
      metrics.on_complete(request, 201, std::chrono::microseconds(850 + (i % 200)));
    }
    spent += std::chrono::steady_clock::now() - start;
    // ~5 ms per 512 requests: about 100k requests/s.
    const auto until = start + std::chrono::microseconds(5000);
    while (std::chrono::steady_clock::now() < until) {
    }
  }
  metrics.writer().flush();
  const auto s = metrics.writer().stats();
  std::printf("calls=%ld ns_per_call=%.0f written=%llu dropped=%llu failed=%llu\n", done,
              static_cast<double>(spent.count()) / static_cast<double>(done),
              static_cast<unsigned long long>(s.written), static_cast<unsigned long long>(s.dropped),
              static_cast<unsigned long long>(s.failed));
  return 0;
}
