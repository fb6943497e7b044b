// The learner API as the application wires it (app/routes.cpp): register_routes and
// install_server_hooks, the same calls `atrium serve` makes.

#include "app/routes.hpp"
#include "learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

class AppWiring : public ::testing::Test {
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
    config_.pg_pooler_transaction = scratch_->through_pooler();
    config_.secrets = {{"", "a-test-secret-that-is-long-enough-0123456789"}};
    config_.base_url = "http://127.0.0.1";
    config_.trusted_origins = {kAppOrigin};
    config_.admin_emails = {kAdminEmail};
    services_ = register_routes(router_, config_, *database_);
    http::ServerOptions options;
    options.port = 0;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(options, router_);
    install_server_hooks(*server_, *services_);
    server_->start();
    client_ = std::make_unique<atrium::testing::HttpClient>(server_->port());
  }
  void TearDown() override {
    client_.reset();
    server_->stop();
    services_.reset();
  }

  std::int64_t count(const std::string& sql, std::initializer_list<db::Value> params = {}) {
    auto conn = database_->acquire();
    return conn->query(sql, params)[0].integer(0);
  }

  std::unique_ptr<atrium::testing::ScratchDatabase> scratch_;
  std::unique_ptr<db::Database> database_;
  Config config_;
  http::Router router_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<atrium::testing::HttpClient> client_;
};

TEST_F(AppWiring, SignUpProfileCorsMetricsReadyAndOpenApi) {
  const auto signed_up = client_->post_json(
      "/api/auth/sign-up/email",
      R"({"email":"wired@example.com","password":"correct horse battery","name":"W"})",
      {{"Origin", kAppOrigin}});
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  EXPECT_EQ(signed_up.header("Access-Control-Allow-Origin"), kAppOrigin);
  const auto body = parse(signed_up.body);
  const std::string user_id(body.at("user").at("id").as_string());
  const std::string token(body.at("token").as_string());
  // The profile was made inside the sign-up transaction.
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_profiles WHERE user_id = $1", {user_id}), 1);

  const auto profile = client_->get("/api/profile", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_EQ(parse(profile.body).at("user_id").as_string(), user_id);

  const auto ready = client_->get("/ready");
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(parse(ready.body).at("schema").as_string(), "head");

  const auto preflight =
      client_->request("OPTIONS", "/api/profile", {},
                       {{"Origin", kAppOrigin}, {"Access-Control-Request-Method", "PATCH"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Credentials"), "true");

  const auto doc = parse(client_->get("/api/openapi.json").body);
  std::size_t operations = 0;
  for (const auto& [path, item] : doc.at("paths").as_object())
    operations += item.as_object().size();
  EXPECT_EQ(operations, router_.routes().size());

  // The background writer records the requests under their templates (bounded wait: it
  // writes about once a second).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1",
               {std::string("/api/profile")}) < 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_metrics WHERE endpoint = $1 AND method = $2 AND "
                  "status_code = $3",
                  {std::string("/api/profile"), std::string("GET"), std::int64_t{200}}),
            1);
}

TEST_F(AppWiring, ReadyReportsASchemaBehindHead) {
  {
    auto conn = database_->acquire();
    conn->execute("UPDATE alembic_version SET version_num = $1", {std::string("c3f6e8a0b425")});
  }
  const auto ready = client_->get("/ready");
  EXPECT_EQ(ready.status, 503) << ready.body;
  const auto v = parse(ready.body);
  EXPECT_EQ(v.at("status").as_string(), "not_ready");
  EXPECT_NE(std::string(v.at("schema").as_string()).find("c3f6e8a0b425"), std::string::npos);
}

}  // namespace
}  // namespace atrium::learn::testing
