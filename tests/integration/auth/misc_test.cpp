// /ok, /error, limits (413, the hashing pool's 503) and rate limiting.

#include <future>
#include <thread>

#include "auth_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class Misc : public AuthFixture {};

TEST_F(Misc, Ok) {
  const auto reply = get("/ok");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"ok":true})");
}

TEST_F(Misc, ErrorPage) {
  auto reply = get("/error?error=SOME_CODE&error_description=%3Cb%3Ehi%3C%2Fb%3E%20%26%20more");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Content-Type"), "text/html");
  EXPECT_NE(reply.body.find("SOME_CODE"), std::string::npos);
  EXPECT_NE(reply.body.find("&lt;b&gt;hi&lt;/b&gt; &amp; more"), std::string::npos);
  EXPECT_EQ(reply.body.find("<b>hi"), std::string::npos);
  reply = get("/error?error=%3Cscript%3E");
  EXPECT_NE(reply.body.find("errors/UNKNOWN?askai=What%20does%20the%20error%20code%20UNKNOWN%20"
                            "mean%3F"),
            std::string::npos);
  EXPECT_EQ(reply.body.find("<script>"), std::string::npos);
  config_.environment = Environment::production;
  restart();
  reply = get("/error?error=BAD&error_description=a%20b");
  EXPECT_EQ(reply.status, 302);
  EXPECT_EQ(reply.header("Location"), "/?error=BAD&error_description=a+b");
}

TEST_F(Misc, OversizedBodiesAre413) {
  const std::string big = R"({"name":")" + std::string(100 << 10, 'x') +
                          R"(","email":"big@example.com","password":"password123"})";
  const auto reply = post("/sign-up/email", big);
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 0);
}

TEST_F(Misc, AFullHashingQueueAnswers503) {
  options_.hash_threads = 1;
  options_.hash_queue = 1;
  restart();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> entered{0};
  hasher_.during = [&] {
    ++entered;
    released.wait();
  };
  const auto port = server_->port();
  auto sign_in_async = [port](const std::string& email) {
    return std::async(std::launch::async, [port, email] {
      atrium::testing::HttpClient c(port);
      return c.post_json("/api/auth/sign-in/email",
                         R"({"email":")" + email + R"(","password":"password123"})");
    });
  };
  auto first = sign_in_async("a@example.com");  // runs on the only hashing thread
  while (entered.load() == 0) std::this_thread::sleep_for(1ms);
  auto second = sign_in_async("b@example.com");  // waits in the queue
  while (service_->hashing().queued() == 0) std::this_thread::sleep_for(1ms);
  const auto third =
      post("/sign-in/email", R"({"email":"c@example.com","password":"password123"})");
  EXPECT_EQ(third.status, 503);
  EXPECT_EQ(code_of(third), "SERVICE_UNAVAILABLE");
  release.set_value();
  EXPECT_EQ(first.get().status, 401);
  EXPECT_EQ(second.get().status, 401);
  hasher_.during = nullptr;
}

class RateLimit : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    config_.rate_limit = true;
    restart();
  }
};

TEST_F(RateLimit, SignInAllowsThreeInTenSeconds) {
  const std::string body = R"({"email":"rl@example.com","password":"password123"})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post("/sign-in/email", body).status, 401);
  clock_.advance(2s);
  const auto limited = post("/sign-in/email", body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, R"({"message":"Too many requests. Please try again later."})");
  EXPECT_EQ(limited.header("Content-Type"), "application/json");
  EXPECT_EQ(limited.header("X-Retry-After"), "8");
  // Other paths have their own bucket and the default rule.
  EXPECT_EQ(get("/ok").status, 200);
  clock_.advance(8s);
  EXPECT_EQ(post("/sign-in/email", body).status, 401);
}

TEST_F(RateLimit, DefaultRuleIsOneHundredPerTenSeconds) {
  for (int i = 0; i < 100; ++i) ASSERT_EQ(get("/ok").status, 200) << i;
  EXPECT_EQ(get("/ok").status, 429);
  EXPECT_EQ(get("/get-session").status, 200);
}

TEST_F(RateLimit, GetSessionCountsOnceWhetherTheSocketThreadOrAWorkerAnswers) {
  // On SQLite get-session is answered on the socket thread unless the session must be written
  // (refreshed, or deleted when expired); such a request starts again on a worker. Either way
  // it is one request of the 100 in the window.
  options_.session_update_age = 5s;
  restart();
  const auto stale = sign_up("stale@example.com");
  clock_.advance(6s);
  const auto fresh = sign_up("fresh@example.com");
  const auto refreshed = get("/get-session", {{"Cookie", stale.cookie}});
  ASSERT_EQ(refreshed.status, 200);
  EXPECT_EQ(refreshed.headers_named("Set-Cookie").size(), 1u);  // the refresh: a write
  for (int i = 0; i < 99; ++i) {
    const auto reply = get("/get-session", {{"Cookie", fresh.cookie}});
    ASSERT_EQ(reply.status, 200) << i;
    ASSERT_TRUE(reply.headers_named("Set-Cookie").empty()) << i;
  }
  const auto limited = get("/get-session", {{"Cookie", fresh.cookie}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, R"({"message":"Too many requests. Please try again later."})");
}

TEST_F(RateLimit, ForwardedForCountsOnlyFromTrustedProxies) {
  const std::string body = R"({"email":"x@example.com","password":"password123"})";
  // Untrusted peer: a client cannot escape its bucket by inventing addresses.
  for (int i = 0; i < 3; ++i) {
    post("/sign-in/email", body, {{"X-Forwarded-For", "10.0.0." + std::to_string(i)}});
  }
  EXPECT_EQ(post("/sign-in/email", body, {{"X-Forwarded-For", "10.0.0.99"}}).status, 429);
  // Behind a trusted proxy each client has its own bucket.
  config_.trusted_proxies = {"127.0.0.1"};
  restart();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(post("/sign-in/email", body, {{"X-Forwarded-For", "198.51.100.1"}}).status, 401);
  }
  EXPECT_EQ(post("/sign-in/email", body, {{"X-Forwarded-For", "198.51.100.1"}}).status, 429);
  EXPECT_EQ(post("/sign-in/email", body, {{"X-Forwarded-For", "198.51.100.2"}}).status, 401);
  // And the session remembers the client's address, not the proxy's.
  const auto reply = post("/sign-up/email",
                          R"({"name":"p","email":"proxied@example.com","password":"password123"})",
                          {{"X-Forwarded-For", "203.0.113.50"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(query(R"(SELECT "ipAddress" FROM "session")")[0].text("ipAddress"), "203.0.113.50");
}

TEST_F(RateLimit, DatabaseStorageSharesCountersThroughTheRateLimitTable) {
  config_.rate_limit_storage = "database";
  restart();
  const std::string body = R"({"email":"db@example.com","password":"password123"})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post("/sign-in/email", body).status, 401);
  auto row = query(R"(SELECT "count", "lastRequest" FROM "rateLimit" WHERE "key" = $1)",
                   {std::string("127.0.0.1|/sign-in/email")});
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].integer("count"), 3);
  EXPECT_EQ(row[0].integer("lastRequest"), epoch_ms(clock_.now()));
  // A second service on the same table (another process, in effect) sees the same count.
  auto other = std::make_unique<AuthService>(config_, *database_, clock_, system_random(), hasher_,
                                             options_);
  http::Request r;
  r.method = "POST";
  r.path = "/api/auth/sign-in/email";
  r.client_address = "127.0.0.1";
  const auto refused = other->rate_limit(r);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(*refused->find_header("X-Retry-After"), "10");
  clock_.advance(10s);
  EXPECT_FALSE(other->rate_limit(r));
  EXPECT_EQ(query(R"(SELECT "count" FROM "rateLimit" WHERE "key" = $1)",
                  {std::string("127.0.0.1|/sign-in/email")})[0]
                .integer(0),
            1);
}

}  // namespace
}  // namespace atrium::auth::testing

namespace atrium::auth::testing {
namespace {

class CookieSettings : public AuthFixture {};

TEST_F(CookieSettings, TheCookiePrefixNamesEveryCookieReadAndWritten) {
  options_.cookie_prefix = "atrium";
  restart();
  const auto reply = post("/sign-up/email",
                          R"({"name":"P","email":"prefix@example.com","password":"password123"})");
  ASSERT_EQ(reply.status, 200);
  const auto cookie = cookie_pair(reply, "atrium.session_token");
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(get("/get-session", {{"Cookie", cookie}}).body, "null");
  // The default name means nothing to this server.
  const auto value = cookie.substr(cookie.find('='));
  EXPECT_EQ(get("/get-session", {{"Cookie", "better-auth.session_token" + value}}).body, "null");
  const auto out = post("/sign-out", "", {{"Cookie", cookie}, {"Origin", kOrigin}});
  EXPECT_EQ(out.headers_named("Set-Cookie"),
            (std::vector<std::string>{
                "atrium.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "atrium.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "atrium.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"}));
}

TEST_F(CookieSettings, AnHttpsBaseUrlMakesSecureCookies) {
  config_.base_url = "https://auth.example.com";
  restart();
  const auto reply = post("/sign-up/email",
                          R"({"name":"S","email":"secure@example.com","password":"password123"})",
                          {{"Origin", "https://auth.example.com"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto line = set_cookie_line(reply, "__Secure-better-auth.session_token");
  EXPECT_TRUE(std::regex_match(line, std::regex("__Secure-better-auth\\.session_token=[^;]+; "
                                                "Max-Age=604800; Path=/; HttpOnly; Secure; "
                                                "SameSite=Lax")))
      << line;
  const auto cookie = cookie_pair(reply, "__Secure-better-auth.session_token");
  EXPECT_NE(get("/get-session", {{"Cookie", cookie}}).body, "null");
  // Only the exact configured name is read, never the other variant.
  const auto plain = "better-auth.session_token" + cookie.substr(cookie.find('='));
  EXPECT_EQ(get("/get-session", {{"Cookie", plain}}).body, "null");
}

}  // namespace
}  // namespace atrium::auth::testing
