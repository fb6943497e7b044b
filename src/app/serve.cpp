#include "app/serve.hpp"

#include <malloc.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/db_commands.hpp"
#include "app/routes.hpp"
#include "auth/hashing_pool.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "core/secret_file.hpp"
#include "db/database.hpp"
#include "db/sqlite/connection.hpp"
#include "db/url.hpp"
#include "http/server.hpp"
#include "mail/mailer.hpp"

namespace atrium {
namespace {

// Development without a configured secret: a generated one kept beside the database.
void resolve_development_secret(Config& config) {
  if (!config.secrets.empty()) return;
  const auto url = db::parse_database_url(config.database_url);
  std::filesystem::path dir = ".";
  if (url.dialect == db::Dialect::sqlite && !url.sqlite_path.empty()) {
    dir = std::filesystem::path(url.sqlite_path).parent_path();
    if (dir.empty()) dir = ".";
  }
  const auto path = (dir / "atrium.secret").string();
  config.secrets.push_back({"", load_or_create_secret(path)});
  config.secret_generated = true;
  spdlog::warn("BETTER_AUTH_SECRET is not set: using the development secret kept in {}", path);
}

// How long shutdown waits for queued e-mails (a retrying SMTP send gives up after this).
constexpr std::chrono::milliseconds kMailFlushDeadline{10000};

unsigned cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

// Workers for the quick routes. Their handlers block on the database, so with the server
// elsewhere more workers than cores keep the cores busy while queries travel. A PostgreSQL
// server on this machine shares its cores with atrium instead: every query in flight is
// another backend competing for them, and past about one per core they only stretch the tail
// (get-session with 16 workers: p99 54-365 ms; with 3 on 2 cores: about 5 ms; bench/RESULTS.md).
unsigned default_workers(const db::DatabaseUrl& url) {
  if (url.dialect == db::Dialect::postgresql && url.server_on_this_machine) return cores() + 1;
  return std::max(4u, cores() * 8);
}

// The long-running routes (the password routes) wait for the password hashing pool, which
// serve leaves at its default shape (auth::hashing_threads, auth::hashing_queue: one hash per
// core running, four per core queued). Their lane has one worker more than the pool has threads, so
// the pool always has the next hash waiting while a worker does its database work, and a queue as
// long as the pool's: a burst waits in the lane and a flood gets its 503 at once from the lane's
// full queue. With LIFO wake-ups (BoundedExecutor) a sign-in load then touches the stacks and
// malloc caches of three workers and two hashing threads, not of eight or sixteen (peak RSS under
// sign-in load).
unsigned default_long_running_workers() {
  return static_cast<unsigned>(auth::hashing_threads(0)) + 1;
}

std::size_t default_long_running_queue() {
  return auth::hashing_queue(0, auth::hashing_threads(0));
}

// PostgreSQL: a connection per worker of either kind, so no handler holds a worker while it
// waits for a connection (with 16 workers on 8 connections get-session ran at 15.9k
// requests/s with a p99 of 190 ms; with as many connections as workers, see bench/RESULTS.md).
// SQLite: eight — its reads do not queue behind one another, and each connection keeps its
// own page cache.
std::size_t default_pool_size(const Config& config, const db::DatabaseUrl& url, unsigned workers) {
  if (config.db_pool_size != 0) return config.db_pool_size;
  if (url.dialect == db::Dialect::postgresql) return workers;
  return 8;
}

// For builds on glibc's malloc (-DATRIUM_JEMALLOC=OFF; jemalloc ignores this). glibc gives
// each thread that allocates its own arena, up to eight per core, and an arena keeps the
// memory its thread freed. atrium's threads mostly wait (for the database, for a hash), and the
// password routes run on threads of their own, so each sign-in burst put another ~180 KiB per
// thread into arenas the other threads never reuse: peak RSS under sign-in was 1.4 MiB above
// the 32 MiB per hashing thread plus the get-session figure; with one arena per core, 0.1-0.3
// MiB (bench/RESULTS.md). The price, seen later: the socket threads share arenas and wait on
// each other's malloc locks under get-session load, which jemalloc's thread caches avoid.
// MALLOC_ARENA_MAX, when set, still decides.
void limit_malloc_arenas() {
#ifdef __GLIBC__
  if (process_environment()("MALLOC_ARENA_MAX")) return;
  // NOLINTNEXTLINE(concurrency-mt-unsafe): called before serve() starts any thread
  mallopt(M_ARENA_MAX, static_cast<int>(cores()));
#endif
}

}  // namespace

int serve(const ServeFlags& flags) {
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only the sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  limit_malloc_arenas();  // before any thread allocates

  Config config = load_config(process_environment());
  if (flags.host) config.host = *flags.host;
  if (flags.port) config.port = *flags.port;
  init_logging(config.log_format, config.log_level);
  resolve_development_secret(config);

  const auto url = db::parse_database_url(config.database_url);
  const unsigned workers =
      config.worker_threads != 0 ? config.worker_threads : default_workers(url);
  const unsigned long_running_workers = default_long_running_workers();
  db::DatabaseOptions db_options;
  db_options.pg_pooler_transaction = config.pg_pooler_transaction;
  db_options.pool_size = default_pool_size(config, url, workers + long_running_workers);
  if (url.dialect == db::Dialect::sqlite) db::sqlite::share_page_buffers();
  auto database = db::Database::open(config.database_url, db_options);
  ensure_schema_for_serve(config, *database);

  // One outbox for the process: the account flows queue into it, and shutdown drains it.
  std::shared_ptr<mail::Mailer> mailer = mail::make_mailer(config);

  http::Router router;
  auto services = register_routes(router, config, *database, mailer);

  http::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.worker_threads = workers;
  options.long_running_threads = long_running_workers;
  options.long_running_queue = default_long_running_queue();
  // Socket threads do real work now (get-session on SQLite answers there): one per core.
  options.io_threads = config.io_threads != 0 ? config.io_threads : cores();
  http::Server server(options, router);
  install_server_hooks(server, *services);
  server.start();

  std::cout << "atrium listening on http://" << config.host << ":" << server.port() << "\n"
            << std::flush;
  spdlog::info("serving {} on http://{}:{}", database->url().redacted, config.host, server.port());

  int received = 0;
  sigwait(&stop_signals, &received);
  spdlog::info("received {}, stopping", received == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  // After the server: no request can queue another message. Before the services, which may
  // still hold the mailer.
  if (!mailer->flush(kMailFlushDeadline)) {
    spdlog::warn("stopping with e-mails still queued after {} s",
                 kMailFlushDeadline.count() / 1000);
  }
  services.reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace atrium
