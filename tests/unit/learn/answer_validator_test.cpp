#include "learn/answer_validator.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "expect_error.hpp"
#include "http/json.hpp"
#include "learn/default_catalog.hpp"

namespace atrium::learn {
namespace {

const Catalog& catalog() {
  static const Catalog c = parse_catalog(default_catalog_json());
  return c;
}

ValidatedSubmission submit(const std::string& answers) {
  return validate_submission(catalog(), boost::json::parse(R"({"answers":)" + answers + "}"));
}

const std::string kRequired =
    R"("experience_level":"beginner","programming_years":2,"has_robotics_projects":false)";

std::string blamed(const std::string& answers) {
  return testing::error_message([&] { submit("{" + kRequired + "," + answers + "}"); });
}

bool blames(const std::string& answers, const std::string& prefix) {
  const auto m = blamed(answers);
  if (m.rfind(prefix, 0) == 0) return true;
  ADD_FAILURE() << answers << " -> " << m;
  return false;
}

TEST(AnswerValidator, RequiredOnlyIsEnough) {
  const auto s = submit("{" + kRequired + "}");
  ASSERT_EQ(s.answers.size(), 3u);
  EXPECT_EQ(s.answers[0].question_id, "experience_level");  // catalog order
  EXPECT_EQ(s.answers[1].question_id, "programming_years");
  EXPECT_EQ(s.answers[2].question_id, "has_robotics_projects");
  EXPECT_EQ(s.profile.experience_level->value(), "beginner");
  EXPECT_EQ(s.profile.programming_years->value(), 2);
  EXPECT_EQ(s.profile.has_robotics_projects->value(), false);
  EXPECT_FALSE(s.profile.learning_style);  // unanswered optional leaves the field alone
}

TEST(AnswerValidator, FullSubmissionFillsTheProfile) {
  const auto s = submit(R"({"experience_level":"advanced","programming_years":12.0,
    "programming_languages":["cpp","python"],"software_frameworks":[],
    "hardware_platforms":["jetson"],"has_robotics_projects":true,
    "robotics_projects_description":"A balancing robot","learning_style":"hands_on",
    "learning_goals":"Humanoids","weekly_hours":6,"hardware_components":null})");
  EXPECT_EQ(s.answers.size(), 10u);
  EXPECT_EQ(http::stringify(s.profile.software_background_keys),
            R"({"languages":["cpp","python"],"frameworks":[]})");
  EXPECT_EQ(http::stringify(s.profile.hardware_background_keys), R"({"platforms":["jetson"]})");
  EXPECT_EQ(s.profile.robotics_projects_description->value(), "A balancing robot");
  EXPECT_EQ(s.profile.learning_style->value(), "hands_on");
  // 12.0 is stored as the integer it is.
  EXPECT_TRUE(s.answers[1].answer.is_int64());
  EXPECT_EQ(s.answers[1].answer.as_int64(), 12);
}

TEST(AnswerValidator, MissingRequiredIsRefused) {
  for (const char* q : {"experience_level", "programming_years", "has_robotics_projects"}) {
    auto answers = boost::json::parse("{" + kRequired + "}").as_object();
    answers.erase(q);
    const auto m = testing::error_message([&] {
      validate_submission(catalog(), boost::json::object{{"answers", answers}});
    });
    EXPECT_EQ(m, std::string("[body.answers.") + q + "] Required");
  }
  // null and blank text count as unanswered.
  const auto m = testing::error_message([&] {
    submit(R"({"experience_level":null,"programming_years":2,"has_robotics_projects":false})");
  });
  EXPECT_EQ(m, "[body.answers.experience_level] Required");
  EXPECT_EQ(submit("{" + kRequired + R"(,"learning_goals":"   "})").answers.size(), 3u);
}

TEST(AnswerValidator, BadAnswerForEachKind) {
  blames(R"("learning_style":"telepathy")", "[body.answers.learning_style] Not one of");
  blames(R"("learning_style":["visual"])",
         "[body.answers.learning_style] Invalid input: expected string");
  blames(R"("programming_languages":"python")",
         "[body.answers.programming_languages] Invalid input");
  blames(R"("programming_languages":["python","cobol"])",
         "[body.answers.programming_languages.1] Not one of");
  blames(R"("programming_languages":["python","python"])",
         "[body.answers.programming_languages.1] Chosen twice");
  blames(R"("weekly_hours":"6")", "[body.answers.weekly_hours] Invalid input: expected number");
  blames(R"("weekly_hours":81)", "[body.answers.weekly_hours] Must be at most 80");
  blames(R"("weekly_hours":-1)", "[body.answers.weekly_hours] Must be at least 0");
  blames(R"("weekly_hours":1.5)", "[body.answers.weekly_hours] Must be a whole number");
  blames(R"("learning_goals":")" + std::string(2001, 'x') + "\"",
         "[body.answers.learning_goals] Too long");
  blames(R"("learning_goals":42)", "[body.answers.learning_goals] Invalid input");
  const auto m = testing::error_message([] {
    submit(
        R"({"experience_level":"beginner","programming_years":2,"has_robotics_projects":"yes"})");
  });
  EXPECT_EQ(m.rfind("[body.answers.has_robotics_projects] Invalid input", 0), 0u) << m;
  blames(R"("favourite_colour":"blue")", "[body.answers.favourite_colour] Unknown question");
}

TEST(AnswerValidator, BodyShape) {
  EXPECT_EQ(testing::error_message([] {
              validate_submission(catalog(), boost::json::parse("[]"));
            }).rfind("[body]", 0),
            0u);
  EXPECT_EQ(
      testing::error_message([] { validate_submission(catalog(), boost::json::parse("{}")); }),
      "[body.answers] Required");
  EXPECT_EQ(testing::error_message([] {
              validate_submission(catalog(), boost::json::parse(R"({"answers":[]})"));
            }).rfind("[body.answers] Invalid input", 0),
            0u);
  EXPECT_EQ(testing::error_message([] {
              validate_submission(catalog(), boost::json::parse(R"({"answers":{},"extra":1})"));
            }),
            "[body.extra] Unknown field");
}

TEST(AnswerValidator, StaleCatalogVersionConflicts) {
  const auto body = boost::json::parse(R"({"catalog_version":"0","answers":{)" + kRequired + "}}");
  testing::error_message([&] { validate_submission(catalog(), body); }, 409,
                         "QUESTIONNAIRE_VERSION_MISMATCH");
  const auto current =
      boost::json::parse(R"({"catalog_version":"1","answers":{)" + kRequired + "}}");
  EXPECT_EQ(validate_submission(catalog(), current).answers.size(), 3u);
}

}  // namespace
}  // namespace atrium::learn
