// POST /api/auth/sign-in/email.

#include "auth/db_time.hpp"
#include "auth_fixture.hpp"
#include "core/random.hpp"
#include "core/time_format.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class SignIn : public AuthFixture {};

constexpr const char* kWrong =
    R"({"message":"Invalid email or password","code":"INVALID_EMAIL_OR_PASSWORD"})";

TEST_F(SignIn, ReturnsANewSessionAndCookie) {
  const auto who = sign_up("bob@example.com");
  clock_.advance(5s);
  const auto reply =
      post("/sign-in/email", R"({"email":"BOB@example.com","password":"password123"})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto v = parse(reply.body);
  const std::string token(v.at("token").as_string());
  EXPECT_NE(token, who.token);
  const std::string created = format_iso8601(clock_.now() - 5s);
  EXPECT_EQ(reply.body, R"({"redirect":false,"token":")" + token +
                            R"(","user":{"name":"Test User","email":"bob@example.com",)"
                            R"("emailVerified":false,"image":null,"createdAt":")" +
                            created + R"(","updatedAt":")" + created + R"(","id":")" + who.id +
                            R"("}})");
  EXPECT_EQ(set_cookie_line(reply, "better-auth.session_token"),
            "better-auth.session_token=" + service_->signer().cookie_value(token) +
                "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(reply.header("set-auth-token"), service_->signer().sign(token));
  EXPECT_EQ(reply.header("Access-Control-Expose-Headers"), "set-auth-token");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id}), 2);
}

TEST_F(SignIn, CallbackUrlSetsLocationAndUrl) {
  sign_up("cb@example.com");
  const auto reply =
      post("/sign-in/email",
           R"({"email":"cb@example.com","password":"password123","callbackURL":"/dashboard"})");
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Location"), "/dashboard");
  const auto v = parse(reply.body);
  EXPECT_EQ(v.at("redirect"), true);
  EXPECT_EQ(v.at("url"), "/dashboard");
  EXPECT_TRUE(reply.body.find(R"("url":"/dashboard","user":)") != std::string::npos);
}

TEST_F(SignIn, WrongPasswordAndUnknownEmailCostTheSameHashWork) {
  sign_up("carol@example.com");
  const int hashes = hasher_.hashes;
  const int verifies = hasher_.verifies;
  const auto wrong =
      post("/sign-in/email", R"({"email":"carol@example.com","password":"nope-nope"})");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, kWrong);
  EXPECT_EQ(hasher_.verifies, verifies + 1);
  const auto unknown =
      post("/sign-in/email", R"({"email":"nobody@example.com","password":"password123"})");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body, kWrong);
  EXPECT_EQ(hasher_.hashes, hashes + 1);  // the unknown e-mail still paid for one scrypt
  EXPECT_TRUE(unknown.headers_named("Set-Cookie").empty());
}

TEST_F(SignIn, AUserWithoutACredentialAccountCannotSignInButStillCostsAHash) {
  const TimePoint t = to_millis(clock_.now());
  {
    auto conn = database_->acquire();
    conn->execute(R"(INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt",
  "updatedAt") VALUES ('oauth-only-user-000000000000000', 'O', 'oauth@example.com', $1, $2, $2))",
                  {false, time_value(t)});
  }
  const int hashes = hasher_.hashes;
  const auto reply =
      post("/sign-in/email", R"({"email":"oauth@example.com","password":"password123"})");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body, kWrong);
  EXPECT_EQ(hasher_.hashes, hashes + 1);
}

TEST_F(SignIn, InputErrors) {
  const int hashes = hasher_.hashes;
  const auto missing = post("/sign-in/email", R"({"email":"x@y.co"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(
      missing.body,
      R"({"message":"[body.password] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"})");
  const auto bad_email = post("/sign-in/email", R"({"email":"not-an-email","password":"x"})");
  EXPECT_EQ(bad_email.status, 400);
  EXPECT_EQ(bad_email.body, R"({"message":"Invalid email","code":"INVALID_EMAIL"})");
  const auto too_long =
      post("/sign-in/email",
           boost::json::object{{"email", "x@y.co"}, {"password", std::string(129, 'p')}});
  EXPECT_EQ(too_long.status, 400);
  EXPECT_EQ(too_long.body, R"({"message":"Password too long","code":"PASSWORD_TOO_LONG"})");
  const auto form_remember = client_->request(
      "POST", "/api/auth/sign-in/email", "email=x%40y.co&password=12345678&rememberMe=false",
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form_remember.status, 400);
  EXPECT_EQ(
      form_remember.body,
      R"({"message":"[body.rememberMe] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"})");
  const auto injection =
      post("/sign-in/email", R"({"email":"a@b.co' OR '1'='1","password":"' OR 1=1 --"})");
  EXPECT_EQ(injection.status, 400);
  const auto huge = post("/sign-in/email",
                         boost::json::object{{"email", std::string(50000, 'a') + "@example.com"},
                                             {"password", "password123"}});
  EXPECT_EQ(huge.status, 401);
  EXPECT_EQ(hasher_.hashes, hashes + 1);  // only the huge-but-valid address reached hashing
}

TEST_F(SignIn, FormBodies) {
  sign_up("form@example.com");
  const auto reply = client_->request("POST", "/api/auth/sign-in/email",
                                      "email=form%40example.com&password=password123",
                                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 200) << reply.body;
}

TEST_F(SignIn, RememberMeFalse) {
  sign_up("rm@example.com");
  const auto reply =
      post("/sign-in/email",
           R"({"email":"rm@example.com","password":"password123","rememberMe":false})");
  ASSERT_EQ(reply.status, 200);
  EXPECT_TRUE(set_cookie_line(reply, "better-auth.session_token").find("Max-Age") ==
              std::string::npos);
  EXPECT_FALSE(cookie_pair(reply, "better-auth.dont_remember").empty());
}

TEST_F(SignIn, ACorruptStoredHashIsAServerError) {
  const auto who = sign_up("corrupt@example.com");
  query(R"(UPDATE "account" SET "password" = 'not-a-hash' WHERE "userId" = $1)", {who.id});
  const auto reply =
      post("/sign-in/email", R"({"email":"corrupt@example.com","password":"password123"})");
  EXPECT_EQ(reply.status, 500);  // Better Auth: "Invalid password hash", a 500
}

}  // namespace
}  // namespace atrium::auth::testing
