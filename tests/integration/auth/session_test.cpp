// GET /api/auth/get-session, the session lifecycle (expiry, refresh, dont_remember), bearer
// tokens, sign-out and the session list/revoke endpoints.

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth_fixture.hpp"
#include "core/time_format.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class Sessions : public AuthFixture {};

const std::vector<std::string> kExpired = {
    "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    "better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
    "better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"};

TEST_F(Sessions, NoCookieIsNull) {
  const auto reply = get("/get-session");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "null");
  EXPECT_EQ(reply.header("cache-control"), "no-store");
  EXPECT_EQ(reply.header("pragma"), "no-cache");
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  EXPECT_TRUE(reply.headers_named("Set-Cookie").empty());
}

TEST_F(Sessions, ValidCookieReturnsSessionAndUser) {
  const auto who = sign_up("s@example.com");
  const auto reply = get("/get-session", {{"Cookie", who.cookie}});
  ASSERT_EQ(reply.status, 200);
  const std::string t = format_iso8601(clock_.now());
  const std::string e = format_iso8601(clock_.now() + 7 * 24h);
  const auto v = parse(reply.body);
  const std::string session_id(v.at("session").at("id").as_string());
  EXPECT_EQ(reply.body,
            R"({"session":{"expiresAt":")" + e + R"(","token":")" + who.token +
                R"(","createdAt":")" + t + R"(","updatedAt":")" + t +
                R"(","ipAddress":"127.0.0.1","userAgent":"","userId":")" + who.id + R"(","id":")" +
                session_id +
                R"("},"user":{"name":"Test User","email":"s@example.com","emailVerified":false,)"
                R"("image":null,"createdAt":")" +
                t + R"(","updatedAt":")" + t + R"(","id":")" + who.id + R"("}})");
  EXPECT_TRUE(reply.headers_named("Set-Cookie").empty());  // nothing to refresh yet
  EXPECT_EQ(reply.header("cache-control"), "no-store");
}

// get-session answers without a worker where it can: on SQLite on the socket thread (the reads
// of one turn sharing a read transaction, or each alone with batch_session_reads off), on
// PostgreSQL through the batcher (reads that arrive together share a round trip). Many
// readers of different sessions at once must each get their own, and a revoked session must be
// gone for the very next request.
class ConcurrentSessions : public Sessions {
 protected:
  void expect_each_reader_gets_their_own() {
    std::vector<SignedUp> people;
    people.reserve(5);
    for (int i = 0; i < 5; ++i) {
      people.push_back(sign_up("reader" + std::to_string(i) + "@example.com"));
    }
    constexpr int kThreads = 8;
    constexpr int kRequests = 25;
    std::atomic<int> right{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        atrium::testing::HttpClient client(server_->port());
        for (int i = 0; i < kRequests; ++i) {
          const auto& who = people[static_cast<std::size_t>((t + i) % 4)];
          const auto reply = client.get("/api/auth/get-session", {{"Cookie", who.cookie}});
          const auto v = parse(reply.body);
          if (reply.status == 200 && v.is_object() &&
              v.at("user").at("email").as_string() == who.email &&
              v.at("session").at("token").as_string() == who.token) {
            ++right;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(right.load(), kThreads * kRequests);

    const auto& last = people.back();
    ASSERT_EQ(get("/get-session", {{"Cookie", last.cookie}}).status, 200);
    ASSERT_EQ(post("/sign-out", "", last.cookies()).status, 200);
    EXPECT_EQ(get("/get-session", {{"Cookie", last.cookie}}).body, "null");
  }
};

TEST_F(ConcurrentSessions, EachReaderGetsTheirOwn) {
  const bool pooled = scratch_->through_pooler();
  EXPECT_FALSE(service_->answers_inline());
  EXPECT_EQ(service_->answers_async(), !pooled);
  expect_each_reader_gets_their_own();
}

TEST_F(ConcurrentSessions, EachReaderGetsTheirOwnWithoutGroupedReads) {
  options_.batch_session_reads = false;
  restart();
  EXPECT_EQ(service_->answers_inline(), database_->dialect() == db::Dialect::sqlite);
  EXPECT_FALSE(service_->answers_async());
  expect_each_reader_gets_their_own();
}

TEST_F(Sessions, TamperedOrForeignCookiesAreNoSessionAndClearNothing) {
  const auto who = sign_up("t@example.com");
  std::string tampered = who.cookie;
  tampered[tampered.find('=') + 1] ^= 1;
  std::string bad_sig = who.cookie;
  bad_sig[bad_sig.size() - 5] = bad_sig[bad_sig.size() - 5] == 'A' ? 'B' : 'A';
  const std::string unsigned_token = "better-auth.session_token=" + who.token;
  const std::string other_secret =
      "better-auth.session_token=" + CookieSigner("some other secret").cookie_value(who.token);
  for (const auto& cookie :
       {tampered, bad_sig, unsigned_token, other_secret,
        std::string("better-auth.session_token=%E0%A4%A"),
        "better-auth.session_token=" + std::string(8000, 'a') + "." + std::string(43, 'b') + "="}) {
    const auto reply = get("/get-session", {{"Cookie", cookie}});
    EXPECT_EQ(reply.status, 200) << cookie.substr(0, 80);
    EXPECT_EQ(reply.body, "null");
    EXPECT_TRUE(reply.headers_named("Set-Cookie").empty()) << cookie.substr(0, 80);
  }
}

TEST_F(Sessions, AnExpiredSessionIsDeletedAndItsCookiesExpired) {
  const auto who = sign_up("exp@example.com");
  clock_.advance(7 * 24h + 1ms);
  const auto reply = get("/get-session", {{"Cookie", who.cookie}});
  EXPECT_EQ(reply.body, "null");
  EXPECT_EQ(reply.headers_named("Set-Cookie"), kExpired);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "token" = $1)", {who.token}), 0);
}

TEST_F(Sessions, IsRefreshedOnReadOnceADayHasPassed) {
  const auto who = sign_up("refresh@example.com");
  clock_.advance(24h - 1s);
  EXPECT_TRUE(get("/get-session", {{"Cookie", who.cookie}}).headers_named("Set-Cookie").empty());
  clock_.advance(1s);
  const auto reply = get("/get-session", {{"Cookie", who.cookie}});
  const auto v = parse(reply.body);
  EXPECT_EQ(v.at("session").at("expiresAt").as_string(), format_iso8601(clock_.now() + 7 * 24h));
  EXPECT_EQ(v.at("session").at("updatedAt").as_string(), format_iso8601(clock_.now()));
  EXPECT_EQ(
      reply.headers_named("Set-Cookie"),
      std::vector<std::string>{who.cookie + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax"});
  auto row = query(R"(SELECT "expiresAt" FROM "session" WHERE "token" = $1)", {who.token});
  EXPECT_EQ(parse_iso8601(row[0].text("expiresAt")), clock_.now() + 7 * 24h);
  // Eight days after sign-up the refreshed session is still alive.
  clock_.advance(7 * 24h - 1s);
  EXPECT_NE(get("/get-session", {{"Cookie", who.cookie}}).body, "null");
}

TEST_F(Sessions, DontRememberAndDisableRefreshNeverExtend) {
  const auto reply =
      post("/sign-up/email",
           R"({"name":"N","email":"dr@example.com","password":"password123","rememberMe":false})");
  const std::string cookies = cookie_pair(reply, "better-auth.session_token") + "; " +
                              cookie_pair(reply, "better-auth.dont_remember");
  clock_.advance(23h);
  const auto read = get("/get-session", {{"Cookie", cookies}});
  EXPECT_NE(read.body, "null");
  EXPECT_TRUE(read.headers_named("Set-Cookie").empty());
  clock_.advance(2h);  // the one-day session has expired
  EXPECT_EQ(get("/get-session", {{"Cookie", cookies}}).body, "null");

  const auto who = sign_up("nr@example.com");
  clock_.advance(2 * 24h);
  const auto no_refresh = get("/get-session?disableRefresh=true", {{"Cookie", who.cookie}});
  EXPECT_NE(no_refresh.body, "null");
  EXPECT_TRUE(no_refresh.headers_named("Set-Cookie").empty());
}

TEST_F(Sessions, PostIsRefusedWithoutDeferredRefresh) {
  const auto reply = client_->request("POST", "/api/auth/get-session");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(
      reply.body,
      R"({"message":"POST method requires deferSessionRefresh to be enabled in session config","code":"METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED"})");
  EXPECT_EQ(reply.header("cache-control"), "no-store");
}

TEST_F(Sessions, AStaleCookieCacheIsExpired) {
  const auto who = sign_up("cache@example.com");
  const auto reply =
      get("/get-session", {{"Cookie", who.cookie + "; better-auth.session_data.0=abc"}});
  EXPECT_NE(reply.body, "null");
  EXPECT_EQ(reply.headers_named("Set-Cookie"),
            std::vector<std::string>{
                "better-auth.session_data.0=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"});
}

TEST_F(Sessions, BearerTokensWorkSignedOrBare) {
  const auto who = sign_up("bearer@example.com");
  const auto signed_value = service_->signer().sign(who.token);
  for (const auto& auth : {"Bearer " + signed_value, "bearer " + who.token,
                           "BEARER  " + http::encode_uri_component(signed_value)}) {
    const auto reply = get("/get-session", {{"Authorization", auth}});
    ASSERT_NE(reply.body, "null") << auth;
    EXPECT_EQ(parse(reply.body).at("user").at("id").as_string(), who.id);
  }
  EXPECT_EQ(get("/get-session", {{"Authorization", "Bearer " + who.token + "x"}}).body, "null");
  EXPECT_EQ(
      get("/get-session", {{"Authorization", "Bearer " + CookieSigner("x").sign(who.token)}}).body,
      "null");
  // A bad bearer leaves the cookie in charge.
  EXPECT_NE(
      get("/get-session", {{"Authorization", "Bearer nonsense.value"}, {"Cookie", who.cookie}})
          .body,
      "null");
  // The service answers other layers the same way.
  http::Request r;
  r.method = "GET";
  r.headers = {{"authorization", "Bearer " + who.token}};
  const auto s = service_->current_session(r);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->user.email, "bearer@example.com");
  r.headers = {{"cookie", who.cookie}};
  EXPECT_TRUE(service_->current_session(r));
  r.headers = {{"cookie", "better-auth.session_token=" + who.token}};
  EXPECT_FALSE(service_->current_session(r));
}

TEST_F(Sessions, SignOutDeletesTheSessionAndExpiresTheCookies) {
  const auto who = sign_up("out@example.com");
  const auto reply = post("/sign-out", "", who.cookies());
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"success":true})");
  EXPECT_EQ(reply.headers_named("Set-Cookie"), kExpired);
  EXPECT_TRUE(reply.header("set-auth-token") == std::nullopt);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session")"), 0);
  EXPECT_EQ(get("/get-session", {{"Cookie", who.cookie}}).body, "null");
  // Signed out already: still a success.
  const auto again = client_->request("POST", "/api/auth/sign-out");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.headers_named("Set-Cookie"), kExpired);
  // Malformed or mistyped bodies are refused.
  EXPECT_EQ(post("/sign-out", "{", who.cookies()).status, 400);
  EXPECT_EQ(post("/sign-out", R"({"callbackURL":1})", who.cookies()).status, 400);
  EXPECT_EQ(post("/sign-out", R"({"disableRedirect":"yes"})", who.cookies()).status, 400);
}

TEST_F(Sessions, CookieRequestsNeedATrustedOrigin) {
  const auto who = sign_up("origin@example.com");
  const auto none = post("/sign-out", "", {{"Cookie", who.cookie}});
  EXPECT_EQ(none.status, 403);
  EXPECT_EQ(none.body, R"({"message":"Missing or null Origin","code":"MISSING_OR_NULL_ORIGIN"})");
  const auto null_origin = post("/sign-out", "", {{"Cookie", who.cookie}, {"Origin", "null"}});
  EXPECT_EQ(code_of(null_origin), "MISSING_OR_NULL_ORIGIN");
  const auto foreign =
      post("/sign-out", "", {{"Cookie", who.cookie}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.body, R"({"message":"Invalid origin","code":"INVALID_ORIGIN"})");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session")"), 1);
  const auto referer =
      post("/sign-out", "", {{"Cookie", who.cookie}, {"Referer", "http://localhost:3000/page"}});
  EXPECT_EQ(referer.status, 200);
  // A bearer request carries no cookie and needs no Origin.
  const auto other = sign_up("origin2@example.com");
  EXPECT_EQ(post("/revoke-sessions", "", other.bearer()).status, 200);
}

TEST_F(Sessions, ListSessionsNeedsAFreshSession) {
  const auto who = sign_up("list@example.com");
  const auto second = sign_in(who);
  const auto reply = get("/list-sessions", {{"Cookie", who.cookie}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto list = parse(reply.body).as_array();
  ASSERT_EQ(list.size(), 2u);
  std::set<std::string> tokens;
  for (const auto& s : list) tokens.emplace(s.at("token").as_string());
  EXPECT_EQ(tokens, (std::set<std::string>{who.token, second.token}));
  EXPECT_EQ(get("/list-sessions").status, 401);
  EXPECT_EQ(get("/list-sessions").body, R"({"message":"Unauthorized","code":"UNAUTHORIZED"})");
  clock_.advance(24h);
  const auto stale = get("/list-sessions", {{"Cookie", who.cookie}});
  EXPECT_EQ(stale.status, 403);
  EXPECT_EQ(stale.body, R"({"message":"Session is not fresh","code":"SESSION_NOT_FRESH"})");
}

TEST_F(Sessions, RevokeSession) {
  const auto who = sign_up("rev@example.com");
  const auto second = sign_in(who);
  const auto stranger = sign_up("stranger@example.com");
  // Someone else's token: nothing happens, and Better Auth still says yes.
  auto reply =
      post("/revoke-session", boost::json::object{{"token", stranger.token}}, who.cookies());
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "token" = $1)", {stranger.token}), 1);
  reply = post("/revoke-session", boost::json::object{{"token", second.token}}, who.cookies());
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_TRUE(reply.headers_named("Set-Cookie").empty());
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "token" = $1)", {second.token}), 0);
  for (const auto& junk : {std::string("unknown"), std::string("x'; DELETE FROM session; --"),
                           std::string(10000, 'z'), std::string("a\0b", 3)}) {
    EXPECT_EQ(post("/revoke-session", boost::json::object{{"token", junk}}, who.cookies()).status,
              200);
  }
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session")"), 2);
  // Its own session: the cookies go too.
  reply = post("/revoke-session", boost::json::object{{"token", who.token}}, who.cookies());
  EXPECT_EQ(reply.headers_named("Set-Cookie"), kExpired);
  EXPECT_EQ(get("/get-session", {{"Cookie", who.cookie}}).body, "null");
  // Validation comes before authentication, as in Better Auth.
  const auto invalid = post("/revoke-session", "{}");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(
      invalid.body,
      R"({"message":"[body.token] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"})");
  EXPECT_EQ(post("/revoke-session", R"({"token":"x"})").status, 401);
}

TEST_F(Sessions, RevokeSessionsAndRevokeOtherSessions) {
  const auto who = sign_up("many@example.com");
  const auto second = sign_in(who);
  const auto third = sign_in(who);
  auto reply = post("/revoke-other-sessions", "", second.cookies());
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_TRUE(reply.headers_named("Set-Cookie").empty());
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id}), 1);
  EXPECT_NE(get("/get-session", {{"Cookie", second.cookie}}).body, "null");
  EXPECT_EQ(get("/get-session", {{"Cookie", third.cookie}}).body, "null");
  const auto fourth = sign_in(who);
  reply = post("/revoke-sessions", "", fourth.cookies());
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_EQ(reply.headers_named("Set-Cookie"), kExpired);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id}), 0);
  EXPECT_EQ(post("/revoke-sessions", "").status, 401);
  EXPECT_EQ(post("/revoke-other-sessions", "").status, 401);
  EXPECT_EQ(post("/revoke-sessions", "{oops", fourth.cookies()).status, 400);
}

TEST_F(Sessions, AnExpiredSessionCannotCallProtectedEndpoints) {
  const auto who = sign_up("gone@example.com");
  clock_.advance(8 * 24h);
  const auto reply = post("/update-user", R"({"name":"x"})", who.cookies());
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.headers_named("Set-Cookie"), kExpired);
}

}  // namespace
}  // namespace atrium::auth::testing
