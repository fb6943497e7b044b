// Password reset end to end through HTTP on the backend under test: the request, the e-mail
// through the file transport, the link's redirect, the new password; expired, reused and
// unknown tokens; unknown addresses; revoking other sessions.

#include <regex>

#include "account_flow_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRequested =
    R"({"status":true,"message":"If this email exists in our system, check your email for the reset link"})";

class PasswordReset : public AccountFlowFixture {
 protected:
  // Requests a reset for `email` and returns the e-mailed link.
  std::string request_link(const std::string& email, const std::string& redirect_to = "/reset") {
    const auto reply = post("/request-password-reset",
                            boost::json::object{{"email", email}, {"redirectTo", redirect_to}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.body, kRequested);
    return take_link();
  }

  static std::string token_in(const std::string& link) {
    std::smatch m;
    static const std::regex re(R"(/reset-password/([A-Za-z0-9]{24})\?)");
    return std::regex_search(link, m, re) ? m[1].str() : std::string();
  }

  HttpReply reset(const std::string& token, const std::string& password) {
    return post("/reset-password",
                boost::json::object{{"newPassword", password}, {"token", token}});
  }

  int sign_in_status(const std::string& email, const std::string& password) {
    return post("/sign-in/email", boost::json::object{{"email", email}, {"password", password}})
        .status;
  }
};

TEST_F(PasswordReset, MailedLinkRedirectsWithTheTokenAndSetsTheNewPassword) {
  const auto alice = sign_up("alice@example.com", "old-password-1");
  const std::string link = request_link("Alice@Example.com", "/reset");
  const std::string token = token_in(link);
  ASSERT_EQ(token.size(), 24u) << link;
  EXPECT_EQ(link,
            std::string(kOrigin) + "/api/auth/reset-password/" + token + "?callbackURL=%2Freset");
  const auto row = query(R"(SELECT "identifier", "value" FROM "verification")");
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(row[0].text("identifier"), "reset-password:" + token);
  EXPECT_EQ(row[0].text("value"), alice.id);

  const auto redirect = get_target(target_of(link));
  EXPECT_EQ(redirect.status, 302);
  EXPECT_EQ(redirect.header("Location"), std::string(kOrigin) + "/reset?token=" + token);
  // Following the link does not spend the token.
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification")"), 1);

  const auto done = reset(token, "new-password-2");
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, R"({"status":true})");
  EXPECT_EQ(sign_in_status("alice@example.com", "new-password-2"), 200);
  EXPECT_EQ(sign_in_status("alice@example.com", "old-password-1"), 401);
  // Without revokeSessionsOnPasswordReset the session from sign-up is still there.
  EXPECT_EQ(parse(get("/get-session", alice.cookies()).body).is_object(), true);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification")"), 0);

  // Reused: the row is gone, both for the link and for the form.
  const auto again = reset(token, "third-password-3");
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(code_of(again), "INVALID_TOKEN");
  EXPECT_EQ(get_target(target_of(link)).header("Location"),
            std::string(kOrigin) + "/reset?error=INVALID_TOKEN");
  EXPECT_EQ(sign_in_status("alice@example.com", "third-password-3"), 401);
}

TEST_F(PasswordReset, ExpiredTokenIsRefusedAndTheOldPasswordStays) {
  sign_up("bob@example.com", "old-password-1");
  const std::string link = request_link("bob@example.com");
  const std::string token = token_in(link);
  clock_.advance(3601s);
  EXPECT_EQ(get_target(target_of(link)).header("Location"),
            std::string(kOrigin) + "/reset?error=INVALID_TOKEN");
  const auto r = reset(token, "new-password-2");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code_of(r), "INVALID_TOKEN");
  EXPECT_EQ(message_of(r), "Invalid token");
  EXPECT_EQ(sign_in_status("bob@example.com", "old-password-1"), 200);
}

TEST_F(PasswordReset, TokenLifetimeComesFromTheOptions) {
  options_.reset_password_token_expires_in = 60s;
  restart();
  sign_up("bob@example.com");
  const std::string token = token_in(request_link("bob@example.com"));
  clock_.advance(61s);
  EXPECT_EQ(code_of(reset(token, "new-password-2")), "INVALID_TOKEN");
}

TEST_F(PasswordReset, UnknownAddressGetsTheSameAnswerAndNothingIsStoredOrSent) {
  sign_up("carol@example.com");
  const auto reply =
      post("/request-password-reset",
           boost::json::object{{"email", "nobody@example.com"}, {"redirectTo", "/r"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, kRequested);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification")"), 0);
  EXPECT_EQ(mail_count(), 0u);
}

TEST_F(PasswordReset, RevokingSessionsSignsEveryDeviceOut) {
  options_.revoke_sessions_on_password_reset = true;
  restart();
  const auto phone = sign_up("dave@example.com", "old-password-1");
  const auto laptop = sign_in(phone);
  const auto other = sign_up("erin@example.com");
  const std::string token = token_in(request_link("dave@example.com"));
  EXPECT_EQ(reset(token, "new-password-2").status, 200);
  EXPECT_EQ(get("/get-session", phone.cookies()).body, "null");
  EXPECT_EQ(get("/get-session", laptop.cookies()).body, "null");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {phone.id}), 0);
  EXPECT_NE(get("/get-session", other.cookies()).body, "null");
  EXPECT_EQ(sign_in_status("dave@example.com", "new-password-2"), 200);
}

TEST_F(PasswordReset, TokenMayComeInTheQuery) {
  sign_up("fay@example.com", "old-password-1");
  const std::string token = token_in(request_link("fay@example.com"));
  const auto r = client_->post_json("/api/auth/reset-password?token=" + token,
                                    R"({"newPassword":"new-password-2"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sign_in_status("fay@example.com", "new-password-2"), 200);
}

TEST_F(PasswordReset, ShortPasswordOrMissingTokenSpendsNothing) {
  sign_up("gus@example.com", "old-password-1");
  const std::string token = token_in(request_link("gus@example.com"));
  const auto short_one = reset(token, "short");
  EXPECT_EQ(short_one.status, 400);
  EXPECT_EQ(code_of(short_one), "PASSWORD_TOO_SHORT");
  const auto missing = post("/reset-password", R"({"newPassword":"new-password-2"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(code_of(missing), "INVALID_TOKEN");
  const auto unknown = reset("abcdefghijklmnopqrstuvwx", "new-password-2");
  EXPECT_EQ(code_of(unknown), "INVALID_TOKEN");
  EXPECT_EQ(reset(token, "new-password-2").status, 200);
}

TEST_F(PasswordReset, ResetCreatesTheCredentialAccountWhenThereIsNone) {
  const auto hal = sign_up("hal@example.com", "old-password-1");
  {
    auto conn = database_->acquire();
    conn->execute(R"(DELETE FROM "account" WHERE "userId" = $1)", {hal.id});
  }
  const std::string token = token_in(request_link("hal@example.com"));
  EXPECT_EQ(reset(token, "new-password-2").status, 200);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account" WHERE "userId" = $1 AND "accountId" = $1
AND "providerId" = 'credential')",
                  {hal.id}),
            1);
  EXPECT_EQ(sign_in_status("hal@example.com", "new-password-2"), 200);
}

TEST_F(PasswordReset, CallbackUrlIsRequiredAndMustBeTrusted) {
  sign_up("ivy@example.com");
  const std::string link = request_link("ivy@example.com", "https://app.example.com/reset?x=1");
  const std::string token = token_in(link);
  EXPECT_EQ(get_target(target_of(link)).header("Location"),
            "https://app.example.com/reset?x=1&token=" + token);
  const auto untrusted =
      get("/reset-password/" + token + "?callbackURL=https%3A%2F%2Fevil.example.org%2F");
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(code_of(untrusted), "INVALID_CALLBACK_URL");
  const auto missing = get("/reset-password/" + token);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(code_of(missing), "VALIDATION_ERROR");
  const auto empty = get("/reset-password/" + token + "?callbackURL=");
  EXPECT_EQ(empty.status, 302);
  EXPECT_EQ(empty.header("Location"), std::string(kOrigin) + "/api/auth/error?error=INVALID_TOKEN");
  const auto refused = post("/request-password-reset",
                            boost::json::object{{"email", "ivy@example.com"},
                                                {"redirectTo", "https://evil.example.org/"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(code_of(refused), "INVALID_REDIRECT_URL");
  EXPECT_EQ(mail_count(), 0u);
}

}  // namespace
}  // namespace atrium::auth::testing
