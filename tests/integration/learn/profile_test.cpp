// GET/PATCH /api/profile on both backends, signed in through the real auth endpoints.

#include "learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

class Profile : public LearnFixture {};

TEST_F(Profile, SignUpCreatesTheProfileInItsTransaction) {
  const auto u = sign_up("ada@example.com");
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_profiles WHERE user_id = $1", {u.id}), 1);
  const auto reply = get("/api/profile", u.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto p = parse(reply.body);
  EXPECT_EQ(p.at("user_id").as_string(), u.id);
  EXPECT_EQ(p.at("questionnaire_completed").as_bool(), false);
  EXPECT_TRUE(p.at("experience_level").is_null());
  EXPECT_TRUE(p.at("questionnaire_completed_at").is_null());
  EXPECT_EQ(p.at("created_at").as_string().size(), 24u);  // 2026-11-26T16:03:53.123Z
}

TEST_F(Profile, CookieAndBearerBothIdentify) {
  const auto u = sign_up("grace@example.com");
  const auto by_cookie = get("/api/profile", u.cookies());
  ASSERT_EQ(by_cookie.status, 200) << by_cookie.body;
  EXPECT_EQ(parse(by_cookie.body).at("user_id").as_string(), u.id);
  EXPECT_EQ(get("/api/profile", u.bearer()).status, 200);

  // A later sign-in's session works the same.
  const auto signed_in =
      client_->post_json("/api/auth/sign-in/email",
                         R"({"email":"grace@example.com","password":"correct horse battery"})");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  std::string cookie;
  for (const auto& c : signed_in.headers_named("Set-Cookie")) {
    if (c.rfind("better-auth.session_token=", 0) == 0) cookie = c.substr(0, c.find(';'));
  }
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(cookie, u.cookie);
  const auto again = get("/api/profile", {{"Cookie", cookie}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(parse(again.body).at("user_id").as_string(), u.id);

  // After sign-out the old session identifies no one.
  const auto out = client_->request("POST", "/api/auth/sign-out", "{}",
                                    {{"Cookie", cookie},
                                     {"Content-Type", "application/json"},
                                     {"Origin", "http://127.0.0.1"}});  // Better Auth's CSRF check
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(get("/api/profile", {{"Cookie", cookie}}).status, 401);
}

TEST_F(Profile, UsersFromBeforeTheSwitchGetOneOnFirstAccess) {
  const auto u = sign_up("legacy@example.com");
  {
    auto conn = database_->acquire();
    conn->execute("DELETE FROM user_profiles WHERE user_id = $1", {u.id});
  }
  const auto reply = get("/api/profile", u.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(parse(reply.body).at("user_id").as_string(), u.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_profiles WHERE user_id = $1", {u.id}), 1);
  // PATCH works for them too.
  {
    auto conn = database_->acquire();
    conn->execute("DELETE FROM user_profiles WHERE user_id = $1", {u.id});
  }
  const auto patched = send_json("PATCH", "/api/profile",
                                 boost::json::object{{"learning_style", "visual"}}, u.bearer());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(parse(patched.body).at("learning_style").as_string(), "visual");
}

TEST_F(Profile, VisitorsAreRefused) {
  for (const HeaderList& headers :
       {HeaderList{}, HeaderList{{"Authorization", "Bearer not-a-session-token"}},
        HeaderList{{"Cookie", "better-auth.session_token=forged.c2lnbmF0dXJl"}}}) {
    const auto reply = get("/api/profile", headers);
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_EQ(code_of(reply), "UNAUTHORIZED");
    EXPECT_EQ(send("PATCH", "/api/profile", "{}", headers).status, 401);
  }
}

TEST_F(Profile, PatchUpdatesOnlyWhatIsSent) {
  const auto u = sign_up("lin@example.com");
  const boost::json::object first{
      {"experience_level", "intermediate"},
      {"programming_years", 7},
      {"learning_goals", "Build a walking robot"},
      {"has_robotics_projects", true},
      {"robotics_projects_description", "A line follower"},
      {"learning_style", "hands_on"},
      {"software_background", {{"languages", {"python", "c++"}}, {"notes", "self-taught"}}},
      {"hardware_background", {{"platforms", {"arduino"}}}},
      {"preferences", {{"theme", "dark"}}}};
  auto reply = send_json("PATCH", "/api/profile", first, u.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto p = parse(reply.body);
  for (const auto& member : first) EXPECT_EQ(p.at(member.key()), member.value()) << member.key();

  reply = send_json("PATCH", "/api/profile",
                    boost::json::object{{"learning_goals", nullptr}, {"programming_years", 8}},
                    u.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  p = parse(reply.body);
  EXPECT_TRUE(p.at("learning_goals").is_null());
  EXPECT_EQ(p.at("programming_years").as_int64(), 8);
  EXPECT_EQ(p.at("experience_level").as_string(), "intermediate");  // untouched
  EXPECT_EQ(p.at("software_background"), first.at("software_background"));

  // What PATCH answered is what a later read returns.
  const auto again = get("/api/profile", u.bearer());
  EXPECT_EQ(parse(again.body), p);
}

TEST_F(Profile, BadInputForEachFieldChangesNothing) {
  const auto u = sign_up("bad@example.com");
  ASSERT_EQ(send_json("PATCH", "/api/profile",
                      boost::json::object{{"experience_level", "beginner"}}, u.bearer())
                .status,
            200);
  const auto before = get("/api/profile", u.bearer()).body;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"experience_level":"guru"})", "[body.experience_level]"},
      {R"({"experience_level":1})", "[body.experience_level]"},
      {R"({"learning_style":"sleep"})", "[body.learning_style]"},
      {R"({"programming_years":-1})", "[body.programming_years]"},
      {R"({"programming_years":81})", "[body.programming_years]"},
      {R"({"programming_years":1.5})", "[body.programming_years]"},
      {R"({"has_robotics_projects":"yes"})", "[body.has_robotics_projects]"},
      {R"({"learning_goals":")" + std::string(2001, 'x') + "\"}", "[body.learning_goals]"},
      {R"({"robotics_projects_description":false})", "[body.robotics_projects_description]"},
      {R"({"software_background":[]})", "[body.software_background]"},
      {R"({"software_background":{"os":["linux"]}})", "[body.software_background.os]"},
      {R"({"hardware_background":{"platforms":[1]}})", "[body.hardware_background.platforms.0]"},
      {R"({"preferences":"dark"})", "[body.preferences]"},
      {R"({"questionnaire_completed":true})", "[body.questionnaire_completed]"},
      {R"({"user_id":"x"})", "[body.user_id]"},
      {R"({"nickname":"x"})", "[body.nickname]"},
      {R"([])", "[body]"},
      // A valid field before a bad one must not be applied either.
      {R"({"learning_style":"visual","programming_years":900})", "[body.programming_years]"},
  };
  for (const auto& [body, blamed] : cases) {
    const auto reply = send("PATCH", "/api/profile", body, u.bearer());
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(code_of(reply), "VALIDATION_ERROR") << body;
    EXPECT_EQ(message_of(reply).rfind(blamed, 0), 0u) << body << " -> " << reply.body;
  }
  const auto malformed = send("PATCH", "/api/profile", "{not json", u.bearer());
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(code_of(malformed), "BAD_REQUEST");
  EXPECT_EQ(get("/api/profile", u.bearer()).body, before);
}

TEST_F(Profile, DeletingTheUserDeletesTheProfile) {
  const auto u = sign_up("gone@example.com");
  {
    auto conn = database_->acquire();
    conn->execute("DELETE FROM \"user\" WHERE id = $1", {u.id});
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_profiles WHERE user_id = $1", {u.id}), 0);
}

}  // namespace
}  // namespace atrium::learn::testing
