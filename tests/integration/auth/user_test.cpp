// POST /api/auth/update-user, /change-password, /verify-password.

#include "auth_fixture.hpp"
#include "core/time_format.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class UserEndpoints : public AuthFixture {};

TEST_F(UserEndpoints, UpdateUserChangesNameAndImage) {
  const auto who = sign_up("upd@example.com");
  clock_.advance(3s);
  auto reply = post("/update-user", R"({"name":"New Name","image":"https://i.example/a.png",
"emailVerified":true,"unknownField":1})",
                    who.cookies());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body, R"({"status":true})");
  // The session cookie is set again (same token), as Better Auth does.
  EXPECT_EQ(set_cookie_line(reply, "better-auth.session_token"),
            who.cookie + "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
  auto user = parse(get("/get-session", {{"Cookie", who.cookie}}).body).at("user");
  EXPECT_EQ(user.at("name"), "New Name");
  EXPECT_EQ(user.at("image"), "https://i.example/a.png");
  EXPECT_EQ(user.at("emailVerified"), false);  // core columns other than name/image are ignored
  EXPECT_EQ(user.at("updatedAt").as_string(), format_iso8601(clock_.now()));
  reply = post("/update-user", R"({"image":null})", who.cookies());
  EXPECT_EQ(reply.status, 200);
  user = parse(get("/get-session", {{"Cookie", who.cookie}}).body).at("user");
  EXPECT_TRUE(user.at("image").is_null());
  EXPECT_EQ(user.at("name"), "New Name");
}

TEST_F(UserEndpoints, UpdateUserBadInput) {
  const auto who = sign_up("updbad@example.com");
  struct Case {
    std::string body;
    int status;
    std::string expected;
  };
  const Case cases[] = {
      {R"({"email":"new@example.com"})", 400,
       R"({"message":"Email can not be updated","code":"EMAIL_CAN_NOT_BE_UPDATED"})"},
      {R"({})", 400, R"({"message":"No fields to update"})"},
      {R"({"email":"","other":1})", 400, R"({"message":"No fields to update"})"},
      {R"([])", 400,
       R"({"message":"[body] Invalid input: expected record, received array","code":"VALIDATION_ERROR"})"},
      {R"({"name":5})", 400,
       R"({"message":"[body.name] Invalid input: expected string, received number","code":"VALIDATION_ERROR"})"},
      {R"({"name":null})", 400,
       R"({"message":"[body.name] Invalid input: expected string, received null","code":"VALIDATION_ERROR"})"},
      {R"({"image":{"a":1}})", 400,
       R"({"message":"[body.image] Invalid input: expected string, received object","code":"VALIDATION_ERROR"})"},
  };
  for (const auto& c : cases) {
    const auto reply = post("/update-user", c.body, who.cookies());
    EXPECT_EQ(reply.status, c.status) << c.body;
    EXPECT_EQ(reply.body, c.expected) << c.body;
  }
  EXPECT_EQ(post("/update-user", "").status, 400);  // no body: the record check first
  EXPECT_EQ(post("/update-user", R"({"name":"x"})").status, 401);
  EXPECT_EQ(post("/update-user", R"({"name":"a\u0000"})", who.cookies()).status, 400);
  const std::string meta = R"('; UPDATE "user" SET "email"='x' WHERE '1'='1)";
  EXPECT_EQ(post("/update-user", boost::json::object{{"name", meta}}, who.cookies()).status, 200);
  auto r = query(R"(SELECT "name", "email" FROM "user" WHERE "id" = $1)", {who.id});
  EXPECT_EQ(r[0].text("name"), meta);
  EXPECT_EQ(r[0].text("email"), "updbad@example.com");
}

TEST_F(UserEndpoints, ChangePasswordKeepsOrRevokesSessions) {
  const auto who = sign_up("cp@example.com");
  const auto other = sign_in(who);
  auto reply =
      post("/change-password", R"({"currentPassword":"password123","newPassword":"password456"})",
           who.cookies());
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto v = parse(reply.body);
  EXPECT_TRUE(v.at("token").is_null());
  EXPECT_EQ(v.at("user").at("id").as_string(), who.id);
  EXPECT_TRUE(reply.headers_named("Set-Cookie").empty());
  EXPECT_NE(get("/get-session", {{"Cookie", other.cookie}}).body, "null");
  EXPECT_EQ(post("/sign-in/email", R"({"email":"cp@example.com","password":"password123"})").status,
            401);
  auto changed = who;
  changed.password = "password456";
  sign_in(changed);

  reply = post(
      "/change-password",
      R"({"currentPassword":"password456","newPassword":"password789","revokeOtherSessions":true})",
      who.cookies());
  ASSERT_EQ(reply.status, 200) << reply.body;
  v = parse(reply.body);
  const std::string token(v.at("token").as_string());
  EXPECT_EQ(set_cookie_line(reply, "better-auth.session_token"),
            "better-auth.session_token=" + service_->signer().cookie_value(token) +
                "; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax");
  EXPECT_EQ(reply.header("set-auth-token"), service_->signer().sign(token));
  EXPECT_EQ(count(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)", {who.id}), 1);
  EXPECT_EQ(get("/get-session", {{"Cookie", who.cookie}}).body, "null");
  EXPECT_EQ(get("/get-session", {{"Cookie", other.cookie}}).body, "null");
}

TEST_F(UserEndpoints, ChangePasswordErrors) {
  const auto who = sign_up("cperr@example.com");
  struct Case {
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {R"({"currentPassword":"wrong-password","newPassword":"password456"})",
       R"({"message":"Invalid password","code":"INVALID_PASSWORD"})"},
      {R"({"currentPassword":"password123","newPassword":"short"})",
       R"({"message":"Password too short","code":"PASSWORD_TOO_SHORT"})"},
      {R"({"currentPassword":"password123","newPassword":")" + std::string(129, 'n') + R"("})",
       R"({"message":"Password too long","code":"PASSWORD_TOO_LONG"})"},
      {R"({"newPassword":"password456"})",
       R"({"message":"[body.currentPassword] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"})"},
      {R"({"currentPassword":"password123","newPassword":"password456","revokeOtherSessions":"yes"})",
       R"({"message":"[body.revokeOtherSessions] Invalid input: expected boolean, received string","code":"VALIDATION_ERROR"})"},
  };
  for (const auto& c : cases) {
    const auto reply = post("/change-password", c.body, who.cookies());
    EXPECT_EQ(reply.status, 400) << c.body;
    EXPECT_EQ(reply.body, c.expected) << c.body;
  }
  EXPECT_EQ(post("/change-password", R"({"currentPassword":"a","newPassword":"b"})").status, 401);
  // No credential account (a user Better Auth created through OAuth, say).
  query(R"(DELETE FROM "account" WHERE "userId" = $1)", {who.id});
  const auto reply =
      post("/change-password", R"({"currentPassword":"password123","newPassword":"password456"})",
           who.cookies());
  EXPECT_EQ(reply.body,
            R"({"message":"Credential account not found","code":"CREDENTIAL_ACCOUNT_NOT_FOUND"})");
}

TEST_F(UserEndpoints, VerifyPassword) {
  const auto who = sign_up("vp@example.com");
  EXPECT_EQ(post("/verify-password", R"({"password":"password123"})", who.cookies()).body,
            R"({"status":true})");
  const auto wrong = post("/verify-password", R"({"password":"password124"})", who.cookies());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.body, R"({"message":"Invalid password","code":"INVALID_PASSWORD"})");
  EXPECT_EQ(post("/verify-password", R"({"password":1})", who.cookies()).status, 400);
  EXPECT_EQ(post("/verify-password", R"({"password":"password123"})").status, 401);
  EXPECT_EQ(post("/verify-password", R"({"password":"password123"})", who.bearer()).status, 200);
}

}  // namespace
}  // namespace atrium::auth::testing
