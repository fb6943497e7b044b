#pragma once
// The one place where every route of atrium is registered and every layer is wired together
// (DESIGN.md: routes are registered explicitly at start-up; auth announces new users through a
// callback wired here).

#include <memory>

namespace atrium {
struct Config;
namespace db {
class Database;
}
namespace http {
class Router;
class Server;
}  // namespace http
namespace mail {
class Mailer;
}

// Owns the long-lived services the routes use (auth, learner API, metrics writer); destroyed
// after the server has stopped.
class Services {
 public:
  virtual ~Services() = default;
};

// `mailer` is where the account flows send their e-mails (serve owns it to flush it at
// shutdown); without one the auth service makes the configured one when it first needs it.
std::unique_ptr<Services> register_routes(http::Router& router, const Config& config,
                                          db::Database& database,
                                          std::shared_ptr<mail::Mailer> mailer = nullptr);

// Middleware and completion hooks that need the services (CORS, metrics).
void install_server_hooks(http::Server& server, Services& services);

}  // namespace atrium
