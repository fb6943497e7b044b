// Account deletion end to end through HTTP on the backend under test: by password, by a fresh
// session, by the e-mailed confirmation link; the user goes with its sessions, accounts,
// profile, questionnaire answers and chats with their messages, and nobody else's rows move.

#include <regex>

#include "account_flow_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kDeleted = R"({"success":true,"message":"User deleted"})";

class DeleteUser : public AccountFlowFixture {
 protected:
  void SetUp() override {
    options_.delete_user_enabled = true;
    AccountFlowFixture::SetUp();
  }

  // Two users with learner rows each; the first is deleted, the second is the bystander.
  void seed() {
    alice_ = sign_up("alice@example.com", "alice-password");
    bob_ = sign_up("bob@example.com", "bob-password");
    add_learner_rows(alice_.id);
    add_learner_rows(bob_.id);
    bob_rows_ = rows_of(bob_.id);
    ASSERT_EQ(rows_of(alice_.id), bob_rows_);
    ASSERT_EQ(messages_total(), 8);
  }

  void expect_alice_gone_and_bob_intact(const HttpReply& reply) {
    EXPECT_EQ(rows_of(alice_.id), 0);
    EXPECT_EQ(rows_of(bob_.id), bob_rows_);
    EXPECT_EQ(messages_total(), 4);
    const auto expired = set_cookie_line(reply, "better-auth.session_token");
    EXPECT_EQ(max_age_of(expired), "0") << expired;
    EXPECT_NE(get("/get-session", bob_.cookies()).body, "null");
  }

  static std::string token_in(const std::string& link) {
    std::smatch m;
    static const std::regex re(R"(/delete-user/callback\?token=([0-9a-z]{32})&)");
    return std::regex_search(link, m, re) ? m[1].str() : std::string();
  }

  SignedUp alice_;
  SignedUp bob_;
  std::int64_t bob_rows_ = 0;
};

TEST_F(DeleteUser, ByPasswordRemovesEverythingOfTheUserInOneGo) {
  seed();
  const auto reply =
      post("/delete-user", boost::json::object{{"password", "alice-password"}}, alice_.cookies());
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, kDeleted);
  expect_alice_gone_and_bob_intact(reply);
  EXPECT_EQ(get("/get-session", alice_.cookies()).body, "null");
}

TEST_F(DeleteUser, WrongPasswordDeletesNothing) {
  seed();
  const auto reply =
      post("/delete-user", boost::json::object{{"password", "not-her-password"}}, alice_.cookies());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(code_of(reply), "INVALID_PASSWORD");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);
}

TEST_F(DeleteUser, ByFreshSessionAlone) {
  seed();
  const auto reply = post("/delete-user", "{}", alice_.cookies());
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, kDeleted);
  expect_alice_gone_and_bob_intact(reply);
}

TEST_F(DeleteUser, StaleSessionNeedsThePassword) {
  seed();
  clock_.advance(options_.session_fresh_age + 1s);
  const auto stale = post("/delete-user", "{}", alice_.cookies());
  EXPECT_EQ(stale.status, 400);
  EXPECT_EQ(code_of(stale), "SESSION_EXPIRED");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);
  const auto with_password =
      post("/delete-user", boost::json::object{{"password", "alice-password"}}, alice_.cookies());
  EXPECT_EQ(with_password.status, 200) << with_password.body;
  EXPECT_EQ(rows_of(alice_.id), 0);
}

TEST_F(DeleteUser, ByTheMailedConfirmationLink) {
  options_.delete_user_verification = true;
  restart();
  seed();
  const auto asked =
      post("/delete-user", boost::json::object{{"callbackURL", "/goodbye"}}, alice_.cookies());
  EXPECT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.body, R"({"success":true,"message":"Verification email sent"})");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);
  const auto mail = take_mail();
  EXPECT_NE(mail.header("to").find("alice@example.com"), std::string::npos);
  const std::string link = atrium::testing::first_url(mail.text);
  const std::string token = token_in(link);
  ASSERT_EQ(token.size(), 32u) << link;
  EXPECT_EQ(link, std::string(kOrigin) + "/api/auth/delete-user/callback?token=" + token +
                      "&callbackURL=%2Fgoodbye");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification" WHERE "identifier" = $1 AND "value" = $2)",
                  {"delete-account-" + token, alice_.id}),
            1);

  // Someone else's session cannot spend it (and Better Auth spends it anyway).
  const auto wrong_user = get_target(target_of(link), bob_.cookies());
  EXPECT_EQ(wrong_user.status, 404);
  EXPECT_EQ(code_of(wrong_user), "INVALID_TOKEN");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);

  post("/delete-user", boost::json::object{{"callbackURL", "/goodbye"}}, alice_.cookies());
  const std::string second = take_link();
  const auto done = get_target(target_of(second), alice_.cookies());
  EXPECT_EQ(done.status, 302) << done.body;
  EXPECT_EQ(done.header("Location"), "/goodbye");
  expect_alice_gone_and_bob_intact(done);

  // Reused: the user and the session behind the cookie are gone.
  const auto reused = get_target(target_of(second), alice_.cookies());
  EXPECT_EQ(reused.status, 404);
  EXPECT_EQ(code_of(reused), "FAILED_TO_GET_USER_INFO");
}

TEST_F(DeleteUser, ConfirmationTokenInTheBodyAndExpiry) {
  options_.delete_user_verification = true;
  options_.delete_token_expires_in = 600s;
  restart();
  seed();
  post("/delete-user", "{}", alice_.cookies());
  const std::string expired = token_in(take_link());
  clock_.advance(601s);
  const auto late = post("/delete-user", boost::json::object{{"token", expired}}, alice_.cookies());
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(code_of(late), "INVALID_TOKEN");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);

  post("/delete-user", "{}", alice_.cookies());
  const std::string token = token_in(take_link());
  const auto done = post("/delete-user", boost::json::object{{"token", token}}, alice_.cookies());
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, kDeleted);
  expect_alice_gone_and_bob_intact(done);
}

TEST_F(DeleteUser, CallbackWithoutCallbackUrlAnswersJson) {
  options_.delete_user_verification = true;
  restart();
  seed();
  post("/delete-user", "{}", alice_.cookies());
  const std::string link = take_link();
  const std::string token = token_in(link);
  const auto untrusted =
      get("/delete-user/callback?token=" + token + "&callbackURL=https%3A%2F%2Fevil.example.org%2F",
          alice_.cookies());
  EXPECT_EQ(untrusted.status, 403);
  EXPECT_EQ(code_of(untrusted), "INVALID_CALLBACK_URL");
  const auto done = get("/delete-user/callback?token=" + token, alice_.cookies());
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, kDeleted);
  expect_alice_gone_and_bob_intact(done);
}

TEST_F(DeleteUser, DisabledIsNotFound) {
  options_.delete_user_enabled = false;
  restart();
  seed();
  const auto reply =
      post("/delete-user", boost::json::object{{"password", "alice-password"}}, alice_.cookies());
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body, "");
  const auto callback = get("/delete-user/callback?token=x", alice_.cookies());
  EXPECT_EQ(callback.status, 404);
  EXPECT_EQ(code_of(callback), "NOT_FOUND");
  EXPECT_EQ(rows_of(alice_.id), bob_rows_);
  EXPECT_EQ(post("/delete-user", "{}").status, 401);
}

}  // namespace
}  // namespace atrium::auth::testing
