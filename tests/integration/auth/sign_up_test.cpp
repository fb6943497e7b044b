// POST /api/auth/sign-up/email: Better Auth's responses, cookies and rows, and every kind of
// bad input answered with a 4xx.

#include "auth_fixture.hpp"
#include "core/time_format.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class SignUp : public AuthFixture {};

TEST_F(SignUp, CreatesUserCredentialAccountAndSession) {
  const auto reply = post(
      "/sign-up/email", R"({"name":"Alice","email":"Alice@Example.COM","password":"password123"})",
      {{"User-Agent", "UA/1.0"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  const std::string now = format_iso8601(clock_.now());
  // Key order and values as Better Auth writes them.
  const std::regex shape(
      R"re(\{"token":"([a-zA-Z0-9]{32})","user":\{"name":"Alice","email":"alice@example\.com",)re"
      R"re("emailVerified":false,"image":null,"createdAt":")re" +
      now + R"re(","updatedAt":")re" + now + R"re(","id":"([a-zA-Z0-9]{32})"\}\})re");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(reply.body, m, shape)) << reply.body;
  const std::string token = m[1];
  const std::string user_id = m[2];

  const auto line = set_cookie_line(reply, "better-auth.session_token");
  EXPECT_TRUE(std::regex_match(
      line, std::regex("better-auth\\.session_token=" + token +
                       "\\.[A-Za-z0-9%]{44,60}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax")))
      << line;
  EXPECT_EQ(cookie_pair(reply, "better-auth.session_token"),
            "better-auth.session_token=" + service_->signer().cookie_value(token));
  EXPECT_EQ(reply.headers_named("Set-Cookie").size(), 1u);

  auto u =
      query(R"(SELECT "email", "emailVerified", "name" FROM "user" WHERE "id" = $1)", {user_id});
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].text("email"), "alice@example.com");
  EXPECT_FALSE(u[0].boolean("emailVerified"));
  auto a =
      query(R"(SELECT "accountId", "providerId", "password" FROM "account" WHERE "userId" = $1)",
            {user_id});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].text("accountId"), user_id);
  EXPECT_EQ(a[0].text("providerId"), "credential");
  EXPECT_TRUE(std::regex_match(a[0].text("password"), std::regex("[0-9a-f]{32}:[0-9a-f]{128}")));
  EXPECT_TRUE(hasher_.verify("password123", a[0].text("password")));
  auto s = query(R"(SELECT "token", "ipAddress", "userAgent", "expiresAt" FROM "session"
WHERE "userId" = $1)",
                 {user_id});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].text("token"), token);
  EXPECT_EQ(s[0].text("ipAddress"), "127.0.0.1");
  EXPECT_EQ(s[0].text("userAgent"), "UA/1.0");
  EXPECT_EQ(parse_iso8601(s[0].text("expiresAt")), clock_.now() + 7 * 24h);
}

TEST_F(SignUp, StoresTimesAndBooleansAsBetterAuthDoesOnEachDialect) {
  const auto who = sign_up("rows@example.com");
  auto r = query(R"(SELECT "createdAt", "emailVerified" FROM "user" WHERE "id" = $1)", {who.id});
  if (dialect() == db::Dialect::sqlite) {
    // ISO text with milliseconds and the integer 0, byte for byte what Better Auth writes.
    EXPECT_EQ(std::get<std::string>(r[0]["createdAt"]), format_iso8601(clock_.now()));
    EXPECT_EQ(std::get<std::int64_t>(r[0]["emailVerified"]), 0);
  } else {
    EXPECT_EQ(parse_iso8601(r[0].text("createdAt")), clock_.now());
    EXPECT_EQ(std::get<bool>(r[0]["emailVerified"]), false);
  }
}

TEST_F(SignUp, DuplicateEmailIsRefusedWhateverItsCase) {
  sign_up("dup@example.com");
  const int hashes = hasher_.hashes;
  const auto reply =
      post("/sign-up/email", R"({"name":"B","email":"DUP@example.com","password":"password123"})");
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(
      reply.body,
      R"({"message":"User already exists. Use another email.","code":"USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"})");
  EXPECT_EQ(hasher_.hashes, hashes);  // Better Auth answers before hashing
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 1);
}

TEST_F(SignUp, RememberMeFalseMakesABrowserSessionCookieAndAOneDaySession) {
  const auto reply = post(
      "/sign-up/email",
      R"({"name":"N","email":"forget@example.com","password":"password123","rememberMe":false})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto lines = reply.headers_named("Set-Cookie");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(std::regex_match(lines[0], std::regex("better-auth\\.session_token=[^;]+; Path=/; "
                                                    "HttpOnly; SameSite=Lax")))
      << lines[0];
  EXPECT_EQ(lines[1], "better-auth.dont_remember=" + service_->signer().cookie_value("true") +
                          "; Path=/; HttpOnly; SameSite=Lax");
  const auto token = std::string(parse(reply.body).at("token").as_string());
  auto s = query(R"(SELECT "expiresAt" FROM "session" WHERE "token" = $1)", {token});
  EXPECT_EQ(parse_iso8601(s[0].text("expiresAt")), clock_.now() + 24h);
}

TEST_F(SignUp, ValidationErrorsAreBetterCallsMessages) {
  struct Case {
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {R"({})",
       R"({"message":"[body.name] Invalid input: expected string, received undefined; [body.email] Invalid input: expected string, received undefined; [body.password] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"})"},
      {R"({"name":1,"email":2,"password":3,"rememberMe":"x"})",
       R"({"message":"[body.name] Invalid input: expected string, received number; [body.email] Invalid input: expected string, received number; [body.password] Invalid input: expected string, received number; [body.rememberMe] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"})"},
      {R"(null)",
       R"({"message":"[body] Invalid input: expected object, received null; [body] Invalid input: expected record, received null","code":"VALIDATION_ERROR"})"},
      {R"([])",
       R"({"message":"[body] Invalid input: expected object, received array; [body] Invalid input: expected record, received array","code":"VALIDATION_ERROR"})"},
      {R"("str")",
       R"({"message":"[body] Invalid input: expected object, received string; [body] Invalid input: expected record, received string","code":"VALIDATION_ERROR"})"},
      {R"({"name":"a","email":"bad","password":""})",
       R"({"message":"[body.email] Invalid email address; [body.password] Too small: expected string to have >=1 characters","code":"VALIDATION_ERROR"})"},
      {R"({"name":"a","email":"a@b.co","password":"12345678","image":5})",
       R"({"message":"[body.image] Invalid input: expected string, received number","code":"VALIDATION_ERROR"})"},
      {R"({"name":null,"email":"a@b.co","password":"12345678"})",
       R"({"message":"[body.name] Invalid input: expected string, received null","code":"VALIDATION_ERROR"})"},
      {R"({"name":"a","email":"a@b.co","password":"short"})",
       R"({"message":"Password too short","code":"PASSWORD_TOO_SHORT"})"},
      {"{bad", R"({"message":"Invalid JSON in request body","code":"BAD_REQUEST"})"},
  };
  for (const auto& c : cases) {
    const auto reply = post("/sign-up/email", c.body);
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.body, c.expected) << c.body;
  }
  // No body at all.
  const auto none = client_->request("POST", "/api/auth/sign-up/email");
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(
      none.body,
      R"({"message":"[body] Invalid input: expected object, received undefined; [body] Invalid input: expected record, received undefined","code":"VALIDATION_ERROR"})");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 0);
  EXPECT_EQ(hasher_.hashes, 0);
}

TEST_F(SignUp, PasswordLengthCountsUtf16UnitsLikeJavaScript) {
  // 128 units: allowed; 129: too long. An emoji counts as two.
  const std::string emoji = "\xf0\x9f\x98\x80";
  std::string at_limit;
  for (int i = 0; i < 64; ++i) at_limit += emoji;
  EXPECT_EQ(post("/sign-up/email",
                 boost::json::object{
                     {"name", "n"}, {"email", "long@example.com"}, {"password", at_limit}})
                .status,
            200);
  const auto too_long = post("/sign-up/email", boost::json::object{{"name", "n"},
                                                                   {"email", "long2@example.com"},
                                                                   {"password", at_limit + "x"}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.body, R"({"message":"Password too long","code":"PASSWORD_TOO_LONG"})");
  // Seven characters, one of them astral (8 units): long enough.
  EXPECT_EQ(post("/sign-up/email",
                 boost::json::object{
                     {"name", "n"}, {"email", "short@example.com"}, {"password", "abcdef" + emoji}})
                .status,
            200);
}

TEST_F(SignUp, ContentTypes) {
  const auto text =
      client_->request("POST", "/api/auth/sign-up/email", "x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
  EXPECT_EQ(
      text.body,
      R"({"message":"Content-Type \"text/plain\" is not allowed. Allowed types: application/x-www-form-urlencoded, application/json","code":"UNSUPPORTED_MEDIA_TYPE"})");
  const auto none = client_->request("POST", "/api/auth/sign-up/email", R"({"a":1})");
  EXPECT_EQ(none.status, 415);
  EXPECT_EQ(message_of(none),
            "Content-Type is required. Allowed types: application/x-www-form-urlencoded, "
            "application/json");
  // Form bodies are accepted here, as Better Auth accepts them.
  const auto form = client_->request("POST", "/api/auth/sign-up/email",
                                     "name=Form+User&email=form%40example.com&password=password123",
                                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(parse(form.body).at("user").at("name"), "Form User");
  // JSON with a charset parameter is still JSON.
  EXPECT_EQ(
      post("/sign-up/email", R"({"name":"C","email":"cs@example.com","password":"password123"})",
           {{"Content-Type", "application/json; charset=utf-8"}})
          .status,
      200);
}

TEST_F(SignUp, SqlMetacharactersAndLongTextAreStoredVerbatim) {
  const std::string name = R"(Robert'); DROP TABLE "user"; -- \"quoted\" %_ ')" +
                           std::string(20000, 'x') + "\xe2\x9c\x93";
  const std::string image = "https://img.example.com/a?b='c'&d=\"e\";--";
  const auto reply = post("/sign-up/email", boost::json::object{{"name", name},
                                                                {"email", "o'brien+x@example.com"},
                                                                {"password", "pa'ss\"word;--"},
                                                                {"image", image}});
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 300);
  const auto user = parse(reply.body).at("user");
  EXPECT_EQ(user.at("name").as_string(), name);
  EXPECT_EQ(user.at("image").as_string(), image);
  EXPECT_EQ(user.at("email"), "o'brien+x@example.com");
  auto r = query(R"(SELECT "name", "image" FROM "user" WHERE "email" = $1)",
                 {std::string("o'brien+x@example.com")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].text("name"), name);
  EXPECT_EQ(r[0].text("image"), image);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 1);
}

TEST_F(SignUp, TextNoTableCanHoldIsA400NotA500) {
  const auto nul =
      post("/sign-up/email",
           R"({"name":"a\u0000b","email":"nul@example.com","password":"password123"})");
  EXPECT_EQ(nul.status, 400);
  EXPECT_EQ(code_of(nul), "VALIDATION_ERROR");
  const auto bad_utf8 = client_->request("POST", "/api/auth/sign-up/email",
                                         "name=%FF%FE&email=u8%40example.com&password=password123",
                                         {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(bad_utf8.status, 400);
  const auto long_email =
      post("/sign-up/email", boost::json::object{{"name", "n"},
                                                 {"email", std::string(5000, 'a') + "@example.com"},
                                                 {"password", "password123"}});
  EXPECT_EQ(long_email.status, 400);
  EXPECT_EQ(long_email.body, R"({"message":"Invalid email","code":"INVALID_EMAIL"})");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 0);
}

TEST_F(SignUp, UntrustedCallbackUrlsAreRefused) {
  const auto untrusted = post(
      "/sign-up/email",
      R"({"name":"a","email":"cb@example.com","password":"password123","callbackURL":"http://evil.com"})");
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(untrusted.body, R"({"message":"Invalid callbackURL","code":"INVALID_CALLBACK_URL"})");
  const auto not_string =
      post("/sign-up/email",
           R"({"name":"a","email":"cb@example.com","password":"password123","callbackURL":5})");
  EXPECT_EQ(not_string.status, 400);
  EXPECT_EQ(not_string.body, R"({"message":"Invalid callbackURL: expected a string"})");
  const auto relative = post(
      "/sign-up/email",
      R"({"name":"a","email":"cb@example.com","password":"password123","callbackURL":"/welcome"})");
  EXPECT_EQ(relative.status, 200);
}

TEST_F(SignUp, BrowserCsrfDefences) {
  const std::string body = R"({"name":"a","email":"csrf@example.com","password":"password123"})";
  const auto navigation = post("/sign-up/email", body,
                               {{"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Mode", "navigate"}});
  EXPECT_EQ(navigation.status, 403);
  EXPECT_EQ(code_of(navigation), "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED");
  const auto foreign = post("/sign-up/email", body, {{"Origin", "https://evil.example"}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.body, R"({"message":"Invalid origin","code":"INVALID_ORIGIN"})");
  const auto fetch_without_origin = post("/sign-up/email", body, {{"Sec-Fetch-Site", "same-site"}});
  EXPECT_EQ(fetch_without_origin.status, 403);
  EXPECT_EQ(code_of(fetch_without_origin), "MISSING_OR_NULL_ORIGIN");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 0);
  EXPECT_EQ(post("/sign-up/email", body, {{"Origin", "https://app.example.com"}}).status, 200);
}

TEST_F(SignUp, TheUserCreatedHookRunsInsideTheTransaction) {
  on_user_created_ = [](db::Connection& conn, const User& user) {
    conn.execute(R"(INSERT INTO "verification" ("id", "identifier", "value", "expiresAt",
  "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $4, $4))",
                 {"v-" + user.id.substr(0, 10), "hook", user.email,
                  std::string("2030-01-01T00:00:00.000Z")});
    if (user.name == "fail") throw std::runtime_error("profile could not be created");
  };
  restart();
  sign_up("hook@example.com");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification" WHERE "value" = 'hook@example.com')"), 1);
  const auto failed = post(
      "/sign-up/email", R"({"name":"fail","email":"fail@example.com","password":"password123"})");
  EXPECT_EQ(failed.status, 500);
  // Nothing of the failed sign-up survives: no user, account, session or hook row.
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user" WHERE "email" = 'fail@example.com')"), 0);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification" WHERE "value" = 'fail@example.com')"), 0);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account")"), 1);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session")"), 1);
}

TEST_F(SignUp, NoHashRunsInsideADatabaseTransaction) {
  // While the hasher runs, another connection must be able to take the write lock (SQLite) and
  // no backend of this database may sit in an open transaction (PostgreSQL).
  auto probe_db = scratch_->open();
  std::atomic<int> violations{0};
  std::atomic<int> probes{0};
  hasher_.during = [&] {
    ++probes;
    auto conn = probe_db->connect();
    if (conn->dialect() == db::Dialect::sqlite) {
      conn->execute_script("PRAGMA busy_timeout = 0");
      try {
        conn->begin(true);
        conn->rollback();
      } catch (const std::exception&) {
        ++violations;
      }
    } else {
      const auto r = conn->query(
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
          "AND state LIKE 'idle in transaction%'");
      if (r[0].integer(0) != 0) ++violations;
    }
  };
  const auto who = sign_up("probe@example.com");
  sign_in(who);
  post("/change-password",
       boost::json::object{{"currentPassword", "password123"},
                           {"newPassword", "password456"},
                           {"revokeOtherSessions", true}},
       who.cookies());
  hasher_.during = nullptr;
  EXPECT_GE(probes.load(), 4);
  EXPECT_EQ(violations.load(), 0);
}

}  // namespace
}  // namespace atrium::auth::testing
