#include "app/routes.hpp"

#include "auth/auth_routes.hpp"
#include "auth/auth_service.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "learn/auth_identity.hpp"
#include "learn/cors.hpp"
#include "learn/learn_api.hpp"
#include "migrate/runner.hpp"
#include "schema/revisions.hpp"

namespace atrium {
namespace {

class AppServices final : public Services {
 public:
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<learn::AuthIdentity> identity;
  std::unique_ptr<learn::LearnApi> learn;
};

// /ready's schema check: nothing left to upgrade means the schema is at head.
learn::SchemaCheck schema_check(const Config& config) {
  migrate::RunnerOptions options;
  options.through_pooler = config.pg_pooler_transaction;
  if (auto table = process_environment()("ATRIUM_VERSION_TABLE")) options.version_table = *table;
  return [options](db::Connection& conn) -> std::optional<std::string> {
    const auto& graph = schema::graph();
    try {
      migrate::Runner runner(graph, conn, options);
      const auto stored = runner.stored_heads();
      if (graph.upgrade_path(stored, graph.heads()).empty()) return std::nullopt;
      std::string at;
      for (const auto& head : stored) at += (at.empty() ? "" : ",") + head;
      return "behind head (at " + (at.empty() ? std::string("base") : at) + ")";
    } catch (const std::exception& e) {
      return std::string("unknown revision: ") + e.what();
    }
  };
}

}  // namespace

std::unique_ptr<Services> register_routes(http::Router& router, const Config& config,
                                          db::Database& database,
                                          std::shared_ptr<mail::Mailer> mailer) {
  auto services = std::make_unique<AppServices>();
  // Liveness only: answers without touching the database, so it runs on the socket thread.
  router.add("GET", "/health",
             [](http::Request&) { return http::Response::json_text(200, R"({"status":"ok"})"); },
             {.inline_on_io = true, .summary = "Liveness", .tag = "service"});
  // Better Auth's e-mail and password API under /api/auth.
  services->auth = std::make_unique<auth::AuthService>(
      config, database, auth::load_auth_options(process_environment()));
  if (mailer) services->auth->use_mailer(std::move(mailer));
  auth::register_auth_routes(router, *services->auth);
  // The learner API; sign-up creates the profile inside its own transaction.
  services->identity = std::make_unique<learn::AuthIdentity>(*services->auth);
  services->learn = std::make_unique<learn::LearnApi>(
      learn::LearnDependencies{.database = database,
                               .identity = *services->identity,
                               .schema_check = schema_check(config)},
      learn::load_learn_settings(config, process_environment()));
  services->auth->on_user_created(
      [learn = services->learn.get()](db::Connection& conn, const auth::User& user) {
        learn->on_user_created(conn, user.id);
      });
  services->learn->register_routes(router);
  // Last: CORS preflights for every path registered above.
  learn::add_preflight_routes(router);
  return services;
}

void install_server_hooks(http::Server& server, Services& services) {
  auto& app = static_cast<AppServices&>(services);
  learn::LearnApi* learn = app.learn.get();
  server.use([learn](http::Request& request, const http::Handler& next) {
    return learn->cors().apply(request, next);
  });
  if (learn::Metrics* metrics = learn->metrics()) {
    server.on_complete(
        [metrics](const http::Request& request, int status, std::chrono::nanoseconds elapsed) {
          metrics->on_complete(request, status, elapsed);
        });
  }
}

}  // namespace atrium
