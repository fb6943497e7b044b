// POST /send-verification-email, GET /verify-email, and requireEmailVerification in sign-up
// and sign-in, end to end: the link is taken out of the e-mail the file transport wrote.

#include "auth_fixture.hpp"
#include "mail_inbox.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class EmailVerification : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    service_->use_mailer(inbox_.mailer());
  }
  void restart_with(const AuthOptions& options) {
    options_ = options;
    restart();
    service_->use_mailer(inbox_.mailer());
  }
  bool verified(const std::string& email) {
    const auto r = query(R"(SELECT "emailVerified" FROM "user" WHERE "email" = $1)", {email});
    return !r.empty() && r[0].boolean(0);
  }
  HttpReply send(const std::string& email, HeaderList headers = {}) {
    return post("/send-verification-email", boost::json::object{{"email", email}},
                std::move(headers));
  }

  MailInbox inbox_;
};

TEST_F(EmailVerification, AnonymousRequestMailsALinkThatVerifies) {
  const auto who = sign_up("ann@example.com");
  EXPECT_EQ(inbox_.count(), 0u);  // sendOnSignUp follows requireEmailVerification: off
  const auto reply = send("ANN@example.com");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, R"({"status":true})");
  const auto mail = inbox_.last();
  EXPECT_EQ(mail.to, "ann@example.com");
  EXPECT_EQ(mail.link.rfind("http://localhost:3000/api/auth/verify-email?token=", 0), 0u)
      << mail.link;
  EXPECT_NE(mail.link.find("&callbackURL=%2F"), std::string::npos) << mail.link;
  EXPECT_FALSE(verified("ann@example.com"));

  const auto followed = get(mail.path());
  EXPECT_EQ(followed.status, 302) << followed.body;  // callbackURL "/" is in every link
  EXPECT_EQ(followed.header("Location"), "/");
  EXPECT_TRUE(verified("ann@example.com"));
  const auto session = parse(get("/get-session", who.cookies()).body);
  EXPECT_EQ(session.at("user").at("emailVerified"), true);
}

TEST_F(EmailVerification, WithoutCallbackUrlTheAnswerIsJson) {
  sign_up("json@example.com");
  ASSERT_EQ(send("json@example.com").status, 200);
  const auto token = inbox_.last().token();
  ASSERT_FALSE(token.empty());
  const auto reply = get("/verify-email?token=" + token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, R"({"status":true,"user":null})");
  EXPECT_TRUE(verified("json@example.com"));
  // Reused: already verified is still a success, and changes nothing.
  const auto again = get("/verify-email?token=" + token);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, R"({"status":true,"user":null})");
}

TEST_F(EmailVerification, AnonymousRequestForUnknownOrVerifiedAddressSendsNothing) {
  const auto reply = send("nobody@example.com");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"status":true})");
  sign_up("done@example.com");
  query(R"(UPDATE "user" SET "emailVerified" = $1 WHERE "email" = $2)",
        {true, std::string("done@example.com")});
  EXPECT_EQ(send("done@example.com").status, 200);
  EXPECT_EQ(inbox_.count(), 0u);
}

TEST_F(EmailVerification, SignedInRequestChecksTheAddress) {
  const auto who = sign_up("me@example.com");
  const auto mismatch = send("other@example.com", who.cookies());
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(mismatch.body, R"({"message":"Email mismatch","code":"EMAIL_MISMATCH"})");
  EXPECT_EQ(send("me@example.com", who.cookies()).status, 200);
  EXPECT_EQ(inbox_.count(), 1u);
  ASSERT_EQ(get(inbox_.last().path()).status, 302);
  const auto already = send("me@example.com", who.cookies());
  EXPECT_EQ(already.status, 400);
  EXPECT_EQ(already.body,
            R"({"message":"Email is already verified","code":"EMAIL_ALREADY_VERIFIED"})");
}

TEST_F(EmailVerification, ExpiredLinkIsRefused) {
  sign_up("late@example.com");
  ASSERT_EQ(send("late@example.com").status, 200);
  const auto mail = inbox_.last();
  clock_.advance(3600s);  // exp = iat + 3600, and exp <= now is expired
  const auto reply = get("/verify-email?token=" + mail.token());
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body, R"({"message":"Token expired","code":"TOKEN_EXPIRED"})");
  const auto redirected = get(mail.path());
  EXPECT_EQ(redirected.status, 302);
  EXPECT_EQ(redirected.header("Location"), "/?error=TOKEN_EXPIRED");
  EXPECT_FALSE(verified("late@example.com"));
}

TEST_F(EmailVerification, TamperedOrForeignLinksAreInvalid) {
  sign_up("tamper@example.com");
  ASSERT_EQ(send("tamper@example.com").status, 200);
  std::string token = inbox_.last().token();
  token[token.size() / 2] = token[token.size() / 2] == 'a' ? 'b' : 'a';
  const auto reply = get("/verify-email?token=" + token);
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body, R"({"message":"Invalid token","code":"INVALID_TOKEN"})");
  const auto redirected = get("/verify-email?token=" + token + "&callbackURL=%2Fverified");
  EXPECT_EQ(redirected.status, 302);
  EXPECT_EQ(redirected.header("Location"), "/verified?error=INVALID_TOKEN");
  EXPECT_EQ(get("/verify-email?token=x&callbackURL=https%3A%2F%2Fevil.example%2F").status, 403);
  EXPECT_EQ(get("/verify-email").status, 400);
  EXPECT_FALSE(verified("tamper@example.com"));
}

TEST_F(EmailVerification, RequiredVerificationBlocksSignInUntilTheLinkIsFollowed) {
  AuthOptions options;
  options.require_email_verification = true;
  restart_with(options);
  const auto up = post("/sign-up/email", R"({"name":"R","email":"req@example.com",)"
                                         R"("password":"password123","callbackURL":"/hello"})");
  ASSERT_EQ(up.status, 200) << up.body;
  const auto body = parse(up.body);
  EXPECT_TRUE(body.at("token").is_null());
  EXPECT_EQ(body.at("user").at("email"), "req@example.com");
  EXPECT_TRUE(up.headers_named("Set-Cookie").empty());
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session")"), 0);
  const auto mail = inbox_.last();  // sendOnSignUp defaults to requireEmailVerification
  EXPECT_EQ(mail.to, "req@example.com");
  EXPECT_NE(mail.link.find("&callbackURL=%2Fhello"), std::string::npos);

  const auto refused =
      post("/sign-in/email", R"({"email":"req@example.com","password":"password123"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.body, R"({"message":"Email not verified","code":"EMAIL_NOT_VERIFIED"})");
  EXPECT_EQ(inbox_.count(), 1u);  // no re-send without sendOnSignIn
  const auto wrong =
      post("/sign-in/email", R"({"email":"req@example.com","password":"wrong-password"})");
  EXPECT_EQ(wrong.status, 401);  // the password is checked first

  const auto followed = get(mail.path());
  EXPECT_EQ(followed.status, 302);
  EXPECT_EQ(followed.header("Location"), "/hello");
  EXPECT_TRUE(followed.headers_named("Set-Cookie").empty());  // no autoSignIn by default
  const auto in = post("/sign-in/email", R"({"email":"req@example.com","password":"password123"})");
  EXPECT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(parse(in.body).at("user").at("emailVerified"), true);
}

TEST_F(EmailVerification, SendOnSignInResendsWithTheForbiddenAnswer) {
  AuthOptions options;
  options.require_email_verification = true;
  options.send_verification_on_sign_up = false;
  options.send_verification_on_sign_in = true;
  restart_with(options);
  ASSERT_EQ(post("/sign-up/email",
                 R"({"name":"S","email":"resend@example.com","password":"password123"})")
                .status,
            200);
  EXPECT_EQ(inbox_.count(), 0u);
  const auto refused =
      post("/sign-in/email", R"({"email":"resend@example.com","password":"password123"})");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(inbox_.count(), 1u);
  ASSERT_EQ(get(inbox_.last().path()).status, 302);
  EXPECT_TRUE(verified("resend@example.com"));
}

TEST_F(EmailVerification, RequiredVerificationHidesATakenAddressAtSignUp) {
  AuthOptions options;
  options.require_email_verification = true;
  restart_with(options);
  const char* body = R"({"name":"D","email":"dup@example.com","password":"password123"})";
  const auto first = post("/sign-up/email", body);
  ASSERT_EQ(first.status, 200);
  const int hashes = hasher_.hashes;
  const auto second = post("/sign-up/email", body);
  EXPECT_EQ(second.status, 200) << second.body;
  const auto a = parse(first.body);
  const auto b = parse(second.body);
  EXPECT_TRUE(b.at("token").is_null());
  EXPECT_EQ(b.at("user").at("email"), "dup@example.com");
  EXPECT_NE(a.at("user").at("id"), b.at("user").at("id"));  // a made-up user
  EXPECT_EQ(hasher_.hashes, hashes + 1);
  EXPECT_EQ(count(R"(SELECT count(*) FROM "user")"), 1);
  EXPECT_EQ(inbox_.count(), 1u);  // only the real sign-up's link
}

TEST_F(EmailVerification, AutoSignInAfterVerificationStartsASession) {
  AuthOptions options;
  options.auto_sign_in_after_verification = true;
  options.send_verification_on_sign_up = true;
  restart_with(options);
  const auto who = sign_up("auto@example.com");
  const auto sessions = count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id});
  const auto followed = get("/verify-email?token=" + inbox_.last().token());
  ASSERT_EQ(followed.status, 200) << followed.body;
  const auto cookie = cookie_pair(followed, "better-auth.session_token");
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id}), sessions + 1);
  const auto session = parse(get("/get-session", {{"Cookie", cookie}}).body);
  EXPECT_EQ(session.at("user").at("email"), "auto@example.com");
  EXPECT_EQ(session.at("user").at("emailVerified"), true);
}

TEST_F(EmailVerification, TheAnonymousAnswerTakesAtLeastItsFloorWithoutAWorkerAsleep) {
  // The floor is a property of the response (the server holds it on a timer); the handler
  // itself returns at once.
  sign_up("floor@example.com");
  http::Request request;
  request.method = "POST";
  request.path = "/api/auth/send-verification-email";
  request.body = R"({"email":"floor@example.com"})";
  request.headers.emplace_back("content-type", "application/json");
  Exchange ex(request);
  ex.body = boost::json::parse(request.body);
  const auto before = std::chrono::steady_clock::now();
  const auto response = service_->send_verification_email(ex);
  EXPECT_EQ(response.status, 200);
  EXPECT_GE(response.not_before, before + 500ms);
}

}  // namespace
}  // namespace atrium::auth::testing
