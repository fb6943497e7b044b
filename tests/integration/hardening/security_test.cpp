// Issue 7's security checks as tests, over HTTP against the real auth service: session
// fixation, account enumeration (same answer, a hash counted in both cases) and the session
// cookie's attributes.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "integration/auth/auth_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using SessionFixation = AuthFixture;

// The session token inside a cookie pair "<name>=<token>.<signature>" (percent-encoded).
std::string token_in(const std::string& cookie_pair) {
  const auto eq = cookie_pair.find('=');
  const auto dot = cookie_pair.find('.', eq);
  if (eq == std::string::npos || dot == std::string::npos) return {};
  return cookie_pair.substr(eq + 1, dot - eq - 1);
}

bool session_is_null(const HttpReply& reply) {
  return reply.status == 200 && parse(reply.body).is_null();
}

TEST_F(SessionFixation, EverySignInIssuesANewToken) {
  const auto signed_up = sign_up("fixation-new@example.com");
  const auto first = sign_in(signed_up);
  const auto second = sign_in(signed_up);
  ASSERT_FALSE(first.token.empty());
  ASSERT_FALSE(second.token.empty());
  EXPECT_NE(signed_up.token, first.token);
  EXPECT_NE(first.token, second.token);
  EXPECT_NE(signed_up.token, second.token);
  // The cookie carries the new token, not an earlier one.
  EXPECT_EQ(token_in(first.cookie), first.token);
  EXPECT_EQ(token_in(second.cookie), second.token);
}

TEST_F(SessionFixation, TheOldCookieIsDeadAfterSignOut) {
  const auto user = sign_in(sign_up("fixation-out@example.com"));
  ASSERT_FALSE(session_is_null(get("/get-session", user.cookies())));
  const auto out = post("/sign-out", "{}", user.cookies());
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_TRUE(session_is_null(get("/get-session", user.cookies())));
  EXPECT_TRUE(session_is_null(get("/get-session", user.bearer())));
  EXPECT_EQ(count(R"(SELECT COUNT(*) FROM "session" WHERE token = $1)", {user.token}), 0);
}

TEST_F(SessionFixation, APresetCookieIsNotAdopted) {
  const auto victim = sign_up("fixation-victim@example.com");
  const auto attacker = sign_up("fixation-attacker@example.com");

  // An unsigned value the attacker chose: sign-in answers with a token of its own making.
  HeaderList forged = {{"Cookie", "better-auth.session_token=attacker-chosen-token"},
                       {"Origin", kOrigin}};
  auto reply =
      post("/sign-in/email",
           boost::json::object{{"email", victim.email}, {"password", victim.password}}, forged);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto issued = std::string(parse(reply.body).at("token").as_string());
  EXPECT_NE(issued, "attacker-chosen-token");
  EXPECT_EQ(token_in(cookie_pair(reply, "better-auth.session_token")), issued);
  EXPECT_TRUE(session_is_null(get("/get-session", forged)));

  // A real, validly signed session of the attacker's: the victim's sign-in replaces it, and
  // the attacker's cookie still names only the attacker.
  HeaderList planted = {{"Cookie", attacker.cookie}, {"Origin", kOrigin}};
  reply =
      post("/sign-in/email",
           boost::json::object{{"email", victim.email}, {"password", victim.password}}, planted);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto victim_token = std::string(parse(reply.body).at("token").as_string());
  EXPECT_NE(victim_token, attacker.token);
  EXPECT_EQ(token_in(cookie_pair(reply, "better-auth.session_token")), victim_token);
  const auto attacker_view = parse(get("/get-session", attacker.cookies()).body);
  ASSERT_TRUE(attacker_view.is_object());
  EXPECT_EQ(attacker_view.at("user").at("email").as_string(), attacker.email);
}

using Enumeration = AuthFixture;

TEST_F(Enumeration, UnknownEmailAndWrongPasswordLookAlikeAndBothHash) {
  const auto known = sign_up("enumeration-known@example.com");
  const int before_unknown = hasher_.hashes + hasher_.verifies;
  const auto unknown = post("/sign-in/email", boost::json::object{{"email", "nobody@example.com"},
                                                                  {"password", "password123"}});
  const int unknown_work = hasher_.hashes + hasher_.verifies - before_unknown;

  const int before_wrong = hasher_.hashes + hasher_.verifies;
  const auto wrong = post("/sign-in/email", boost::json::object{{"email", known.email},
                                                                {"password", "wrong-password"}});
  const int wrong_work = hasher_.hashes + hasher_.verifies - before_wrong;

  EXPECT_EQ(unknown.status, 401) << unknown.body;
  EXPECT_EQ(unknown.status, wrong.status);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_EQ(code_of(unknown), "INVALID_EMAIL_OR_PASSWORD");
  EXPECT_EQ(unknown_work, 1);
  EXPECT_EQ(wrong_work, 1);
  // Neither set a cookie a client could tell them apart by.
  EXPECT_TRUE(unknown.headers_named("Set-Cookie").empty());
  EXPECT_TRUE(wrong.headers_named("Set-Cookie").empty());
}

using SessionCookie = AuthFixture;

TEST_F(SessionCookie, HttpOnlyLaxRootPathAndNotSecureOverHttp) {
  const auto reply =
      post("/sign-up/email",
           boost::json::object{
               {"name", "C"}, {"email", "cookie-http@example.com"}, {"password", "password123"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto line = set_cookie_line(reply, "better-auth.session_token");
  ASSERT_FALSE(line.empty());
  EXPECT_NE(line.find("; HttpOnly"), std::string::npos) << line;
  EXPECT_NE(line.find("; SameSite=Lax"), std::string::npos) << line;
  EXPECT_NE(line.find("; Path=/"), std::string::npos) << line;
  EXPECT_EQ(line.find("Path=/api"), std::string::npos) << line;
  EXPECT_EQ(line.find("Secure"), std::string::npos) << line;
}

TEST_F(SessionCookie, SecureAndSecurePrefixBehindHttps) {
  config_.base_url = "https://auth.example.com";
  restart();
  const auto reply =
      post("/sign-up/email",
           boost::json::object{
               {"name", "C"}, {"email", "cookie-https@example.com"}, {"password", "password123"}},
           {{"Origin", "https://auth.example.com"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(set_cookie_line(reply, "better-auth.session_token").empty());
  const auto line = set_cookie_line(reply, "__Secure-better-auth.session_token");
  ASSERT_FALSE(line.empty()) << reply.headers_named("Set-Cookie").size();
  EXPECT_NE(line.find("; Secure"), std::string::npos) << line;
  EXPECT_NE(line.find("; HttpOnly"), std::string::npos) << line;
  EXPECT_NE(line.find("; SameSite=Lax"), std::string::npos) << line;
  EXPECT_NE(line.find("; Path=/"), std::string::npos) << line;
  // Every other auth cookie it set is Secure too.
  for (const auto& other : reply.headers_named("Set-Cookie")) {
    EXPECT_EQ(other.rfind("__Secure-", 0), 0u) << other;
    EXPECT_NE(other.find("; Secure"), std::string::npos) << other;
  }
}

}  // namespace
}  // namespace atrium::auth::testing
