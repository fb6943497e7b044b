#pragma once
// The auth endpoints served for real: a scratch database of the backend under test
// (ATRIUM_TEST_BACKEND) upgraded to head by the migration engine, the auth service with a
// manual clock and a hasher that counts its calls, an in-process http::Server on a free port,
// and a client. Tests talk HTTP and look at the rows.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "auth/auth_routes.hpp"
#include "auth/auth_service.hpp"
#include "auth/scrypt_hasher.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "http/json.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "migrate/runner.hpp"
#include "schema/revisions.hpp"
#include "support/http_client.hpp"
#include "support/scratch_database.hpp"

namespace atrium::auth::testing {

using atrium::testing::HeaderList;
using atrium::testing::HttpReply;

inline constexpr const char* kOrigin = "http://localhost:3000";
inline constexpr const char* kSecret = "integration-test-secret-0123456789abcdef";

// A real scrypt at a low cost (the format is unchanged), counting calls, with an optional
// hook that runs inside each call.
class CountingHasher final : public PasswordHasher {
 public:
  CountingHasher() : inner_(system_random(), ScryptParams{1024, 8, 1, 64}) {}
  std::string hash(std::string_view password) override {
    ++hashes;
    if (during) during();
    return inner_.hash(password);
  }
  bool verify(std::string_view password, std::string_view stored) override {
    ++verifies;
    if (during) during();
    return inner_.verify(password, stored);
  }
  std::atomic<int> hashes{0};
  std::atomic<int> verifies{0};
  std::function<void()> during;

 private:
  ScryptHasher inner_;
};

struct SignedUp {
  std::string id;
  std::string email;
  std::string password;
  std::string token;
  std::string cookie;  // "better-auth.session_token=<signed value>", for a Cookie header
  HeaderList cookies() const { return {{"Cookie", cookie}, {"Origin", kOrigin}}; }
  HeaderList bearer() const { return {{"Authorization", "Bearer " + token}}; }
};

inline boost::json::value parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) {
    ADD_FAILURE() << "not JSON: " << text.substr(0, 200);
    return nullptr;
  }
  return v;
}

// "<name>=<value>" of the first Set-Cookie for that cookie, or "".
inline std::string cookie_pair(const HttpReply& reply, const std::string& name) {
  for (const auto& line : reply.headers_named("Set-Cookie")) {
    if (line.rfind(name + "=", 0) == 0) return line.substr(0, line.find(';'));
  }
  return {};
}

inline std::string set_cookie_line(const HttpReply& reply, const std::string& name) {
  for (const auto& line : reply.headers_named("Set-Cookie")) {
    if (line.rfind(name + "=", 0) == 0) return line;
  }
  return {};
}

class AuthFixture : public ::testing::Test {
 protected:
  // Tests that need another configuration change config_ / options_ and call restart().
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
    config_.secrets = {{"", kSecret}};
    config_.base_url = kOrigin;
    config_.trusted_origins = {"https://app.example.com"};
    start();
  }

  void start() {
    service_ = std::make_unique<AuthService>(config_, *database_, clock_, system_random(), hasher_,
                                             options_);
    if (on_user_created_) service_->on_user_created(on_user_created_);
    router_ = std::make_unique<http::Router>();
    register_auth_routes(*router_, *service_);
    http::ServerOptions server_options;
    server_options.port = 0;
    server_options.worker_threads = 8;
    server_options.max_body_bytes = 64 << 10;
    server_ = std::make_unique<http::Server>(server_options, *router_);
    server_->start();
    client_ = std::make_unique<atrium::testing::HttpClient>(server_->port());
  }

  void stop() {
    client_.reset();
    if (server_) server_->stop();
    server_.reset();
    router_.reset();
    service_.reset();
  }

  void restart() {
    stop();
    start();
  }

  void TearDown() override {
    stop();
    database_.reset();
    scratch_.reset();
  }

  HttpReply post(const std::string& path, const std::string& body, HeaderList headers = {}) {
    return client_->post_json("/api/auth" + path, body, std::move(headers));
  }
  HttpReply post(const std::string& path, const char* body, HeaderList headers = {}) {
    return post(path, std::string(body), std::move(headers));
  }
  HttpReply post(const std::string& path, const boost::json::value& body, HeaderList headers = {}) {
    return post(path, http::stringify(body), std::move(headers));
  }
  HttpReply get(const std::string& path, HeaderList headers = {}) {
    return client_->get("/api/auth" + path, std::move(headers));
  }

  SignedUp sign_up(const std::string& email, const std::string& password = "password123",
                   const std::string& name = "Test User") {
    const auto reply = post("/sign-up/email", boost::json::object{
                                                  {"name", name},
                                                  {"email", email},
                                                  {"password", password},
                                              });
    EXPECT_EQ(reply.status, 200) << reply.body;
    SignedUp u;
    u.email = email;
    u.password = password;
    const auto v = parse(reply.body);
    if (v.is_object()) {
      u.token = std::string(v.at("token").as_string());
      u.id = std::string(v.at("user").at("id").as_string());
    }
    u.cookie = cookie_pair(reply, "better-auth.session_token");
    EXPECT_FALSE(u.cookie.empty());
    return u;
  }

  SignedUp sign_in(const SignedUp& who) {
    const auto reply = post("/sign-in/email",
                            boost::json::object{{"email", who.email}, {"password", who.password}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    SignedUp u = who;
    const auto v = parse(reply.body);
    if (v.is_object()) u.token = std::string(v.at("token").as_string());
    u.cookie = cookie_pair(reply, "better-auth.session_token");
    return u;
  }

  std::int64_t count(const std::string& sql, std::initializer_list<db::Value> params = {}) {
    auto conn = database_->acquire();
    return conn->query(sql, params)[0].integer(0);
  }
  db::Result query(const std::string& sql, std::initializer_list<db::Value> params = {}) {
    auto conn = database_->acquire();
    return conn->query(sql, params);
  }

  db::Dialect dialect() const { return database_->dialect(); }

  ManualClock clock_{
      std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now())};
  CountingHasher hasher_;
  AuthOptions options_;
  UserCreatedHook on_user_created_;
  std::unique_ptr<atrium::testing::ScratchDatabase> scratch_;
  std::unique_ptr<db::Database> database_;
  Config config_;
  std::unique_ptr<AuthService> service_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<atrium::testing::HttpClient> client_;
};

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

}  // namespace atrium::auth::testing
