#pragma once
// A running atrium on a scratch database of the backend under test (ATRIUM_TEST_BACKEND): the
// schema upgraded to head by the migration engine, the real auth service (users sign up and
// sign in through HTTP), the learner API, CORS and metrics wired as the application wires
// them, an in-process server on a free port, and a client.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "auth/auth_routes.hpp"
#include "auth/auth_service.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "learn/auth_identity.hpp"
#include "learn/cors.hpp"
#include "learn/learn_api.hpp"
#include "migrate/runner.hpp"
#include "schema/revisions.hpp"
#include "support/http_client.hpp"
#include "support/scratch_database.hpp"

namespace atrium::learn::testing {

using atrium::testing::HeaderList;
using atrium::testing::HttpReply;

inline constexpr const char* kAdminEmail = "admin@example.com";
inline constexpr const char* kAppOrigin = "https://app.example.com";
inline constexpr const char* kMetricsToken = "metrics-token-for-tests-0123456789";

struct User {
  std::string id;
  std::string email;
  std::string token;   // the session token, for Authorization: Bearer
  std::string cookie;  // the signed session cookie, for Cookie:
  HeaderList bearer() const { return {{"Authorization", "Bearer " + token}}; }
  HeaderList cookies() const { return {{"Cookie", cookie}}; }
};

inline boost::json::value parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) {
    ADD_FAILURE() << "not JSON: " << text;
    return nullptr;
  }
  return v;
}

inline std::string message_of(const HttpReply& reply) {
  const auto v = parse(reply.body);
  if (!v.is_object() || !v.as_object().contains("message")) return reply.body;
  return std::string(v.at("message").as_string());
}

inline std::string code_of(const HttpReply& reply) {
  const auto v = parse(reply.body);
  if (!v.is_object() || !v.as_object().contains("code")) return {};
  return std::string(v.at("code").as_string());
}

class LearnFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<atrium::testing::ScratchDatabase>();
    database_ = scratch_->open();
    {
      auto conn = database_->connect();
      migrate::RunnerOptions options;
      options.through_pooler = scratch_->through_pooler();
      migrate::Runner(schema::graph(), *conn, options).upgrade("head");
    }

    config_.database_url = scratch_->url();
    config_.secrets = {{"", "a-test-secret-that-is-long-enough-0123456789"}};
    config_.base_url = "http://127.0.0.1";
    config_.trusted_origins = {kAppOrigin};
    config_.admin_emails = {kAdminEmail};
    config_.metrics_token = kMetricsToken;

    auth::AuthOptions auth_options;
    auth_options.scrypt.n = 1024;  // tests sign up many users; the format is unchanged
    auth_options.scrypt.r = 8;
    auth_ = std::make_unique<auth::AuthService>(config_, *database_, auth_options);
    identity_ = std::make_unique<AuthIdentity>(*auth_);

    LearnSettings settings = load_learn_settings(config_, [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
    settings.metrics_writer.flush_interval = std::chrono::milliseconds(50);
    api_ = std::make_unique<LearnApi>(
        LearnDependencies{.database = *database_, .identity = *identity_}, std::move(settings));
    auth_->on_user_created([this](db::Connection& conn, const auth::User& user) {
      api_->on_user_created(conn, user.id);
    });

    router_.add("GET", "/health",
                [](http::Request&) { return http::Response::json_text(200, R"({"status":"ok"})"); },
                {.inline_on_io = true, .summary = "Liveness", .tag = "service"});
    auth::register_auth_routes(router_, *auth_);
    api_->register_routes(router_);
    add_preflight_routes(router_);

    http::ServerOptions options;
    options.port = 0;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(options, router_);
    server_->use([this](http::Request& r, const http::Handler& next) {
      return api_->cors().apply(r, next);
    });
    if (Metrics* m = api_->metrics()) {
      server_->on_complete([m](const http::Request& r, int status, std::chrono::nanoseconds d) {
        m->on_complete(r, status, d);
      });
    }
    server_->start();
    client_ = std::make_unique<atrium::testing::HttpClient>(server_->port());
  }

  void TearDown() override {
    client_.reset();
    if (server_) server_->stop();
    server_.reset();
    api_.reset();
    auth_.reset();
    database_.reset();
    scratch_.reset();
  }

  // Signs up through /api/auth/sign-up/email, as the platform's front end does.
  User sign_up(const std::string& email, const std::string& name = "Learner") {
    const auto body = http::stringify(boost::json::object{
        {"email", email}, {"password", "correct horse battery"}, {"name", name}});
    const auto reply = client_->post_json("/api/auth/sign-up/email", body);
    EXPECT_EQ(reply.status, 200) << reply.body;
    User u;
    u.email = email;
    const auto v = parse(reply.body);
    if (v.is_object()) {
      u.token = std::string(v.at("token").as_string());
      u.id = std::string(v.at("user").at("id").as_string());
    }
    for (const auto& set_cookie : reply.headers_named("Set-Cookie")) {
      if (set_cookie.rfind("better-auth.session_token=", 0) == 0) {
        u.cookie = set_cookie.substr(0, set_cookie.find(';'));
      }
    }
    EXPECT_FALSE(u.cookie.empty()) << "no session cookie from sign-up";
    return u;
  }

  HttpReply get(const std::string& target, HeaderList headers = {}) {
    return client_->request("GET", target, {}, std::move(headers));
  }
  HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                 HeaderList headers = {}) {
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return client_->request(method, target, body, std::move(headers));
  }
  HttpReply send_json(const std::string& method, const std::string& target,
                      const boost::json::value& body, HeaderList headers = {}) {
    return send(method, target, http::stringify(body), std::move(headers));
  }

  std::int64_t count(const std::string& sql, std::initializer_list<db::Value> params = {}) {
    auto conn = database_->acquire();
    return conn->query(sql, params)[0].integer(0);
  }

  // Waits (bounded) until the completion hook has seen `n` requests, then writes the buffer.
  void flush_metrics(std::uint64_t n) {
    Metrics* m = api_->metrics();
    ASSERT_NE(m, nullptr);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (m->writer().stats().recorded < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    m->writer().flush();
  }

  db::Dialect dialect() const { return database_->dialect(); }

  std::map<std::string, std::string> env_;  // what load_learn_settings sees; set before SetUp
  std::unique_ptr<atrium::testing::ScratchDatabase> scratch_;
  std::unique_ptr<db::Database> database_;
  Config config_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<AuthIdentity> identity_;
  std::unique_ptr<LearnApi> api_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<atrium::testing::HttpClient> client_;
};

}  // namespace atrium::learn::testing
