// POST /change-email and the change-email links of GET /verify-email, end to end through the
// file transport: the three flows of Better Auth (update at once for an unverified user,
// confirm from the old address first, verify the new address), and the refusals.

#include "auth_fixture.hpp"
#include "mail_inbox.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class ChangeEmail : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    AuthOptions options;
    options.change_email_enabled = true;
    use(options);
  }
  void use(const AuthOptions& options) {
    options_ = options;
    restart();
    service_->use_mailer(inbox_.mailer());
  }
  void mark_verified(const std::string& email) {
    query(R"(UPDATE "user" SET "emailVerified" = $1 WHERE "email" = $2)", {true, email});
  }
  struct Row {
    std::string email;
    bool verified = false;
  };
  Row row(const std::string& id) {
    const auto r = query(R"(SELECT "email", "emailVerified" FROM "user" WHERE "id" = $1)", {id});
    if (r.empty()) return {};
    return {r[0].text(0), r[0].boolean(1)};
  }
  HttpReply change(const SignedUp& who, const std::string& new_email) {
    return post("/change-email", boost::json::object{{"newEmail", new_email}}, who.cookies());
  }

  MailInbox inbox_;
};

TEST_F(ChangeEmail, DisabledByDefault) {
  AuthOptions options;
  use(options);
  const auto who = sign_up("off@example.com");
  const auto reply = change(who, "new@example.com");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body, R"({"message":"Change email is disabled","code":"CHANGE_EMAIL_DISABLED"})");
}

TEST_F(ChangeEmail, NeedsASessionAndADifferentAddress) {
  EXPECT_EQ(post("/change-email", R"({"newEmail":"x@example.com"})").status, 401);
  const auto who = sign_up("same@example.com");
  const auto reply = change(who, "SAME@example.com");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body, R"({"message":"Email is the same"})");
  EXPECT_EQ(change(who, "not-an-email").status, 400);
}

TEST_F(ChangeEmail, VerifyTheNewAddressFlow) {
  // Flow (c): the link goes to the new address; following it moves the address and keeps the
  // verified flag as it was.
  const auto who = sign_up("old@example.com");
  const auto reply = change(who, "New@Example.com");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_EQ(row(who.id).email, "old@example.com");
  const auto mail = inbox_.last();
  EXPECT_EQ(mail.to, "new@example.com");
  const auto followed = get("/verify-email?token=" + mail.token(), who.cookies());
  ASSERT_EQ(followed.status, 200) << followed.body;
  const auto body = parse(followed.body);
  EXPECT_EQ(body.at("status"), true);
  EXPECT_EQ(body.at("user").at("email"), "new@example.com");
  EXPECT_EQ(body.at("user").at("id").as_string(), who.id);
  EXPECT_EQ(row(who.id).email, "new@example.com");
  EXPECT_FALSE(row(who.id).verified);
  EXPECT_FALSE(cookie_pair(followed, "better-auth.session_token").empty());  // re-set
  // Spent in effect: the address it names is no longer the user's.
  const auto again = get("/verify-email?token=" + mail.token());
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(code_of(again), "INVALID_TOKEN");
}

TEST_F(ChangeEmail, UpdateWithoutVerificationFlow) {
  // Flow (a): an unverified user with updateEmailWithoutVerification moves at once, and the
  // new address gets a plain verification link.
  AuthOptions options;
  options.change_email_enabled = true;
  options.update_email_without_verification = true;
  use(options);
  const auto who = sign_up("quick@example.com");
  const auto reply = change(who, "quicker@example.com");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(row(who.id).email, "quicker@example.com");
  EXPECT_FALSE(cookie_pair(reply, "better-auth.session_token").empty());
  const auto mail = inbox_.last();
  EXPECT_EQ(mail.to, "quicker@example.com");
  ASSERT_EQ(get(mail.path()).status, 302);
  EXPECT_TRUE(row(who.id).verified);
  const auto in =
      post("/sign-in/email", R"({"email":"quicker@example.com","password":"password123"})");
  EXPECT_EQ(in.status, 200);
}

TEST_F(ChangeEmail, ConfirmFromTheOldAddressFlow) {
  // Flow (b): a verified user with sendChangeEmailConfirmation confirms from the old address,
  // which mails the new one, which moves the address (still verified).
  AuthOptions options;
  options.change_email_enabled = true;
  options.send_change_email_confirmation = true;
  use(options);
  const auto who = sign_up("confirm@example.com");
  mark_verified("confirm@example.com");
  ASSERT_EQ(change(who, "confirmed@example.com").status, 200);
  const auto first = inbox_.last();
  EXPECT_EQ(first.to, "confirm@example.com");
  const auto confirmed = get(first.path());
  EXPECT_EQ(confirmed.status, 302);
  EXPECT_EQ(row(who.id).email, "confirm@example.com");
  const auto second = inbox_.last();
  EXPECT_EQ(second.to, "confirmed@example.com");
  EXPECT_EQ(inbox_.count(), 2u);
  const auto moved = get("/verify-email?token=" + second.token());
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(row(who.id).email, "confirmed@example.com");
  EXPECT_TRUE(row(who.id).verified);
}

TEST_F(ChangeEmail, ATakenAddressAnswersTheSameAndSendsNothing) {
  sign_up("taken@example.com");
  const auto who = sign_up("wants@example.com");
  const auto reply = change(who, "taken@example.com");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"status":true})");
  EXPECT_EQ(inbox_.count(), 0u);
  EXPECT_EQ(row(who.id).email, "wants@example.com");
}

TEST_F(ChangeEmail, AnotherUsersSessionCannotFollowTheLink) {
  const auto who = sign_up("mine@example.com");
  const auto other = sign_up("yours@example.com");
  ASSERT_EQ(change(who, "elsewhere@example.com").status, 200);
  const auto mail = inbox_.last();
  const auto reply = get("/verify-email?token=" + mail.token(), other.cookies());
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body, R"({"message":"Invalid user","code":"INVALID_USER"})");
  EXPECT_EQ(row(who.id).email, "mine@example.com");
}

TEST_F(ChangeEmail, ExpiredChangeLinkIsRefused) {
  const auto who = sign_up("slow@example.com");
  ASSERT_EQ(change(who, "slower@example.com").status, 200);
  const auto mail = inbox_.last();
  clock_.advance(3601s);
  const auto reply = get("/verify-email?token=" + mail.token());
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(code_of(reply), "TOKEN_EXPIRED");
  EXPECT_EQ(row(who.id).email, "slow@example.com");
}

}  // namespace
}  // namespace atrium::auth::testing
