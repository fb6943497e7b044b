#include "app/routes.hpp"

#include "auth/auth_routes.hpp"
#include "auth/auth_service.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace atrium {
namespace {

class AppServices final : public Services {
 public:
  std::unique_ptr<auth::AuthService> auth;
};

}  // namespace

std::unique_ptr<Services> register_routes(http::Router& router, const Config& config,
                                          db::Database& database) {
  auto services = std::make_unique<AppServices>();
  // Liveness only: answers without touching the database, so it runs on the socket thread.
  router.add("GET", "/health",
             [](http::Request&) { return http::Response::json_text(200, R"({"status":"ok"})"); },
             {.inline_on_io = true, .summary = "Liveness", .tag = "service"});
  // Better Auth's e-mail and password API under /api/auth.
  services->auth = std::make_unique<auth::AuthService>(config, database);
  auth::register_auth_routes(router, *services->auth);
  return services;
}

void install_server_hooks(http::Server& /*server*/, Services& /*services*/) {}

}  // namespace atrium
