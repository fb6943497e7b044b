// The questionnaire: catalog, submission (all or nothing), latest answers, admin statistics.

#include "learn/default_catalog.hpp"
#include "learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

class Questionnaire : public LearnFixture {
 protected:
  HttpReply submit(const User& u, const std::string& answers_json) {
    return send("POST", "/api/profile/questionnaire", R"({"answers":)" + answers_json + "}",
                u.bearer());
  }
  std::int64_t stored_answers(const User& u) {
    return count("SELECT COUNT(*) FROM user_background_questionnaire WHERE user_id = $1", {u.id});
  }
};

const std::string kFull = R"({
  "experience_level": "intermediate", "programming_years": 6,
  "programming_languages": ["python", "cpp"], "software_frameworks": ["ros2"],
  "hardware_platforms": ["jetson", "arduino"], "has_robotics_projects": true,
  "robotics_projects_description": "A self-balancing robot", "learning_style": "hands_on",
  "learning_goals": "Humanoid locomotion", "weekly_hours": 5})";

TEST_F(Questionnaire, CatalogIsServedToEveryone) {
  const auto reply = get("/api/questionnaire");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto served = parse(reply.body);
  EXPECT_EQ(served, boost::json::value(parse_catalog(default_catalog_json()).to_json()));
  EXPECT_EQ(served.at("version").as_string(), "1");
  EXPECT_GT(served.at("questions").as_array().size(), 5u);
}

TEST_F(Questionnaire, SubmissionStoresAnswersAndFillsTheProfile) {
  const auto u = sign_up("q1@example.com");
  const auto reply = submit(u, kFull);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto out = parse(reply.body);
  EXPECT_EQ(stored_answers(u), 10);

  const auto p = parse(get("/api/profile", u.bearer()).body);
  EXPECT_EQ(out.at("profile"), p);
  EXPECT_EQ(p.at("questionnaire_completed").as_bool(), true);
  EXPECT_EQ(p.at("questionnaire_completed_at"), out.at("submitted_at"));
  EXPECT_EQ(p.at("experience_level").as_string(), "intermediate");
  EXPECT_EQ(p.at("programming_years").as_int64(), 6);
  EXPECT_EQ(p.at("has_robotics_projects").as_bool(), true);
  EXPECT_EQ(p.at("robotics_projects_description").as_string(), "A self-balancing robot");
  EXPECT_EQ(p.at("learning_style").as_string(), "hands_on");
  EXPECT_EQ(p.at("learning_goals").as_string(), "Humanoid locomotion");
  EXPECT_EQ(p.at("software_background"),
            parse(R"({"languages":["python","cpp"],"frameworks":["ros2"]})"));
  EXPECT_EQ(p.at("hardware_background"), parse(R"({"platforms":["jetson","arduino"]})"));

  const auto latest = get("/api/profile/questionnaire", u.bearer());
  ASSERT_EQ(latest.status, 200) << latest.body;
  const auto l = parse(latest.body);
  EXPECT_EQ(l.at("answers"), parse(kFull));
  EXPECT_EQ(l.at("submitted_at"), out.at("submitted_at"));
  EXPECT_EQ(l.at("catalog_version").as_string(), "1");
  EXPECT_EQ(l.at("questionnaire_completed").as_bool(), true);
}

TEST_F(Questionnaire, AnswersMergeIntoExistingBackgrounds) {
  const auto u = sign_up("merge@example.com");
  ASSERT_EQ(
      send_json("PATCH", "/api/profile",
                parse(R"({"software_background":{"tools":["git"],"languages":["c"]}})"), u.bearer())
          .status,
      200);
  ASSERT_EQ(submit(u, R"({"experience_level":"beginner","programming_years":1,
      "has_robotics_projects":false,"programming_languages":["rust"]})")
                .status,
            200);
  const auto p = parse(get("/api/profile", u.bearer()).body);
  EXPECT_EQ(p.at("software_background"), parse(R"({"tools":["git"],"languages":["rust"]})"));
}

TEST_F(Questionnaire, NothingIsAnsweredBeforeTheFirstSubmission) {
  const auto u = sign_up("fresh@example.com");
  const auto l = parse(get("/api/profile/questionnaire", u.bearer()).body);
  EXPECT_TRUE(l.at("submitted_at").is_null());
  EXPECT_TRUE(l.at("answers").as_object().empty());
  EXPECT_EQ(l.at("questionnaire_completed").as_bool(), false);
}

TEST_F(Questionnaire, ASubmissionThatFailsValidationHalfwayStoresNothing) {
  const auto u = sign_up("halfway@example.com");
  const auto before = get("/api/profile", u.bearer()).body;
  // Every answer but the last is valid; the last question in catalog order is invalid.
  const auto reply = submit(u, R"({
    "experience_level": "advanced", "programming_years": 10, "programming_languages": ["python"],
    "has_robotics_projects": true, "learning_style": "visual", "weekly_hours": 500})");
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(code_of(reply), "VALIDATION_ERROR");
  EXPECT_EQ(message_of(reply).rfind("[body.answers.weekly_hours]", 0), 0u) << reply.body;
  EXPECT_EQ(stored_answers(u), 0);
  EXPECT_EQ(get("/api/profile", u.bearer()).body, before);
}

TEST_F(Questionnaire, BadSubmissions) {
  const auto u = sign_up("badq@example.com");
  const std::string required =
      R"("experience_level":"beginner","programming_years":2,"has_robotics_projects":false)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"programming_years":2,"has_robotics_projects":false})",
       "[body.answers.experience_level] Required"},
      {"{" + required + R"(,"experience_level_typo":"x"})", "[body.answers.experience_level_typo]"},
      {"{" + required + R"(,"learning_style":"osmosis"})", "[body.answers.learning_style]"},
      {"{" + required + R"(,"programming_languages":["cobol"]})",
       "[body.answers.programming_languages.0]"},
      {"{" + required + R"(,"weekly_hours":2.5})", "[body.answers.weekly_hours]"},
      {"{" + required + R"(,"learning_goals":")" + std::string(2001, 'g') + "\"}",
       "[body.answers.learning_goals]"},
      {R"({"experience_level":"beginner","programming_years":2,"has_robotics_projects":"no"})",
       "[body.answers.has_robotics_projects]"},
      {"[]", "[body.answers]"},
  };
  for (const auto& [answers, blamed] : cases) {
    const auto reply = submit(u, answers);
    EXPECT_EQ(reply.status, 400) << answers;
    EXPECT_EQ(message_of(reply).rfind(blamed, 0), 0u) << answers << " -> " << reply.body;
  }
  EXPECT_EQ(send("POST", "/api/profile/questionnaire", "{}", u.bearer()).status, 400);
  const auto stale = send("POST", "/api/profile/questionnaire",
                          R"({"catalog_version":"0","answers":{)" + required + "}}", u.bearer());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(code_of(stale), "QUESTIONNAIRE_VERSION_MISMATCH");
  EXPECT_EQ(stored_answers(u), 0);
  EXPECT_EQ(submit(User{}, "{" + required + "}").status, 401);
}

TEST_F(Questionnaire, OptionalQuestionsMayBeLeftOutAndLatestWins) {
  const auto u = sign_up("again@example.com");
  ASSERT_EQ(submit(u, kFull).status, 200);
  const auto second = submit(
      u, R"({"experience_level":"advanced","programming_years":7,"has_robotics_projects":false})");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(stored_answers(u), 13);  // history is kept
  const auto l = parse(get("/api/profile/questionnaire", u.bearer()).body);
  EXPECT_EQ(
      l.at("answers"),
      parse(
          R"({"experience_level":"advanced","has_robotics_projects":false,"programming_years":7})"));
  EXPECT_EQ(l.at("submitted_at"), parse(second.body).at("submitted_at"));
  // Fields of optional questions left out keep their values.
  const auto p = parse(get("/api/profile", u.bearer()).body);
  EXPECT_EQ(p.at("learning_style").as_string(), "hands_on");
  EXPECT_EQ(p.at("experience_level").as_string(), "advanced");
}

TEST_F(Questionnaire, StatsAreForAdminsOnly) {
  const auto u = sign_up("nosy@example.com");
  EXPECT_EQ(get("/api/admin/questionnaire/stats").status, 401);
  const auto reply = get("/api/admin/questionnaire/stats", u.bearer());
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(code_of(reply), "FORBIDDEN");
}

TEST_F(Questionnaire, StatsSummariseTheLatestAnswers) {
  const auto admin = sign_up(kAdminEmail, "Admin");
  const auto a = sign_up("a@example.com");
  const auto b = sign_up("b@example.com");
  const auto c = sign_up("c@example.com");
  sign_up("d@example.com");  // never answers
  // a answers twice: only the second submission counts.
  ASSERT_EQ(submit(a, R"({"experience_level":"advanced","programming_years":40,
      "has_robotics_projects":true,"programming_languages":["rust"]})")
                .status,
            200);
  ASSERT_EQ(submit(a, R"({"experience_level":"beginner","programming_years":1,
      "has_robotics_projects":false,"programming_languages":["python","cpp"],
      "hardware_platforms":["raspberry_pi"],"learning_goals":"x"})")
                .status,
            200);
  ASSERT_EQ(submit(b, R"({"experience_level":"beginner","programming_years":4,
      "has_robotics_projects":true,"programming_languages":["python"],
      "hardware_platforms":["raspberry_pi","jetson"]})")
                .status,
            200);
  ASSERT_EQ(submit(c, R"({"experience_level":"intermediate","programming_years":10,
      "has_robotics_projects":true,"programming_languages":["cpp","rust"]})")
                .status,
            200);

  const auto reply = get("/api/admin/questionnaire/stats", admin.bearer());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto s = parse(reply.body);
  EXPECT_EQ(s.at("users").as_int64(), 5);
  EXPECT_EQ(s.at("completed").as_int64(), 3);
  EXPECT_DOUBLE_EQ(s.at("completion_rate").to_number<double>(), 0.6);

  std::map<std::string, boost::json::object> q;
  for (const auto& item : s.at("questions").as_array()) {
    q[std::string(item.at("id").as_string())] = item.as_object();
  }
  auto option_counts = [&](const std::string& id) {
    std::map<std::string, std::int64_t> out;
    for (const auto& o : q[id].at("options").as_array()) {
      out[std::string(o.at("value").as_string())] = o.at("count").as_int64();
    }
    return out;
  };
  EXPECT_EQ(q["experience_level"].at("answered").as_int64(), 3);
  EXPECT_EQ(
      option_counts("experience_level"),
      (std::map<std::string, std::int64_t>{{"beginner", 2}, {"intermediate", 1}, {"advanced", 0}}));
  const auto langs = option_counts("programming_languages");
  EXPECT_EQ(langs.at("python"), 2);
  EXPECT_EQ(langs.at("cpp"), 2);
  EXPECT_EQ(langs.at("rust"), 1);
  EXPECT_EQ(langs.at("c"), 0);  // "c" must not match inside "cpp"
  const auto hw = option_counts("hardware_platforms");
  EXPECT_EQ(hw.at("raspberry_pi"), 2);
  EXPECT_EQ(hw.at("jetson"), 1);
  EXPECT_EQ(q["hardware_platforms"].at("answered").as_int64(), 2);
  EXPECT_EQ(q["has_robotics_projects"].at("yes").as_int64(), 2);
  EXPECT_EQ(q["has_robotics_projects"].at("no").as_int64(), 1);
  EXPECT_EQ(q["programming_years"].at("answered").as_int64(), 3);
  EXPECT_DOUBLE_EQ(q["programming_years"].at("min").to_number<double>(), 1);
  EXPECT_DOUBLE_EQ(q["programming_years"].at("median").to_number<double>(), 4);
  EXPECT_DOUBLE_EQ(q["programming_years"].at("max").to_number<double>(), 10);
  EXPECT_EQ(q["learning_goals"].at("answered").as_int64(), 1);
  EXPECT_EQ(q["weekly_hours"].at("answered").as_int64(), 0);
  EXPECT_TRUE(q["weekly_hours"].at("median").is_null());
}

TEST_F(Questionnaire, MedianOfAnEvenCountIsTheMeanOfTheMiddleTwo) {
  const auto admin = sign_up(kAdminEmail, "Admin");
  int i = 0;
  for (int years : {2, 9, 3, 20}) {
    const auto u = sign_up("m" + std::to_string(i++) + "@example.com");
    ASSERT_EQ(
        submit(
            u,
            R"({"experience_level":"beginner","has_robotics_projects":false,"programming_years":)" +
                std::to_string(years) + "}")
            .status,
        200);
  }
  const auto s = parse(get("/api/admin/questionnaire/stats", admin.bearer()).body);
  for (const auto& item : s.at("questions").as_array()) {
    if (item.at("id").as_string() != "programming_years") continue;
    EXPECT_DOUBLE_EQ(item.at("median").to_number<double>(), 6);  // (3 + 9) / 2
    EXPECT_DOUBLE_EQ(item.at("min").to_number<double>(), 2);
    EXPECT_DOUBLE_EQ(item.at("max").to_number<double>(), 20);
  }
}

}  // namespace
}  // namespace atrium::learn::testing
