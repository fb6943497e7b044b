#include "learn/profile_patch.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "expect_error.hpp"
#include "http/json.hpp"

namespace atrium::learn {
namespace {

ProfilePatch parse(const std::string& json) {
  return parse_profile_patch(boost::json::parse(json));
}

std::string blamed(const std::string& json) {
  return testing::error_message([&] { parse(json); });
}

bool blames(const std::string& json, const std::string& prefix) {
  const auto m = blamed(json);
  if (m.rfind(prefix, 0) == 0) return true;
  ADD_FAILURE() << json << " -> " << m;
  return false;
}

TEST(ProfilePatch, AbsentNullAndValueDiffer) {
  auto p = parse(R"({"experience_level":"advanced","learning_goals":null})");
  ASSERT_TRUE(p.experience_level);
  EXPECT_EQ(p.experience_level->value(), "advanced");
  ASSERT_TRUE(p.learning_goals);
  EXPECT_FALSE(p.learning_goals->has_value());
  EXPECT_FALSE(p.learning_style);
  EXPECT_FALSE(p.empty());
  EXPECT_TRUE(parse("{}").empty());
}

TEST(ProfilePatch, AcceptsEveryField) {
  auto p = parse(R"({
    "experience_level":"beginner", "learning_style":"hands_on", "programming_years":80,
    "has_robotics_projects":false, "learning_goals":"walk", "robotics_projects_description":"arm",
    "software_background":{"languages":["python","c++"],"notes":"self-taught"},
    "hardware_background":{"platforms":["jetson"],"components":[],"tools":null},
    "preferences":{"theme":"dark","nested":{"a":[1,2]}}})");
  EXPECT_EQ(p.programming_years->value(), 80);
  EXPECT_EQ(p.has_robotics_projects->value(), false);
  EXPECT_EQ(http::stringify(p.software_background->value()),
            R"({"languages":["python","c++"],"notes":"self-taught"})");
  // null keys inside a background are dropped, not stored as null.
  EXPECT_EQ(http::stringify(p.hardware_background->value()),
            R"({"platforms":["jetson"],"components":[]})");
  EXPECT_EQ(p.preferences->value().at("theme").as_string(), "dark");
  EXPECT_EQ(parse(R"({"programming_years":3.0})").programming_years->value(), 3);
}

TEST(ProfilePatch, BadInputForEachField) {
  blames("[]", "[body]");
  blames(R"({"experience_level":"expert"})", "[body.experience_level] Must be one of");
  blames(R"({"experience_level":3})", "[body.experience_level] Invalid input");
  blames(R"({"learning_style":"osmosis"})", "[body.learning_style] Must be one of");
  blames(R"({"programming_years":-1})", "[body.programming_years] Must be from 0 to 80");
  blames(R"({"programming_years":81})", "[body.programming_years] Must be from 0 to 80");
  blames(R"({"programming_years":2.5})", "[body.programming_years] Must be a whole number");
  blames(R"({"programming_years":"3"})", "[body.programming_years] Invalid input");
  blames(R"({"programming_years":18446744073709551615})", "[body.programming_years] Must be from");
  blames(R"({"has_robotics_projects":"yes"})", "[body.has_robotics_projects] Invalid input");
  blames(R"({"learning_goals":")" + std::string(2001, 'g') + "\"}",
         "[body.learning_goals] Too long");
  blames(R"({"robotics_projects_description":[]})", "[body.robotics_projects_description]");
  blames(R"({"software_background":"python"})", "[body.software_background] Invalid input");
  blames(R"({"software_background":{"platforms":[]}})",
         "[body.software_background.platforms] Unknown key");
  blames(R"({"software_background":{"languages":"python"}})",
         "[body.software_background.languages]");
  blames(R"({"software_background":{"languages":["a","a"]}})",
         "[body.software_background.languages.1] Duplicate");
  blames(R"({"software_background":{"languages":[""]}})",
         "[body.software_background.languages.0] Must not be empty");
  blames(R"({"hardware_background":{"tools":[")" + std::string(65, 't') + "\"]}}",
         "[body.hardware_background.tools.0] Too long");
  std::string many = R"({"hardware_background":{"components":[)";
  for (std::size_t i = 0; i <= kMaxListItems; ++i)
    many += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
  blames(many + "]}}", "[body.hardware_background.components] Too many");
  blames(R"({"preferences":[1]})", "[body.preferences] Invalid input");
  blames(R"({"preferences":{"k":")" + std::string(9000, 'p') + "\"}}",
         "[body.preferences] Too large");
  blames(R"({"questionnaire_completed":true})",
         "[body.questionnaire_completed] Unknown or read-only");
  blames(R"({"user_id":"someone-else"})", "[body.user_id] Unknown or read-only");
  blames(R"({"software_background.languages":["x"]})",
         "[body.software_background.languages] Unknown");
  blames(R"({"experiance_level":"beginner"})", "[body.experiance_level] Unknown");
}

TEST(ProfilePatch, LengthsCountCharactersNotBytes) {
  // 2000 three-byte characters are within the limit.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "\xe2\x82\xac";  // €
  EXPECT_NO_THROW(parse(R"({"learning_goals":")" + text + "\"}"));
  blames(R"({"learning_goals":")" + text + "x\"}", "[body.learning_goals] Too long");
}

TEST(ProfilePatch, QuestionnaireKeysMergeIntoBackground) {
  ProfilePatch p;
  apply_profile_field(p, "software_background.languages", boost::json::parse(R"(["rust"])"),
                      "answers.langs");
  apply_profile_field(p, "hardware_background.notes", nullptr, "answers.hw");
  const auto merged = merge_background(boost::json::parse(R"({"languages":["c"],"notes":"n"})"),
                                       p.software_background_keys);
  EXPECT_EQ(http::stringify(merged), R"({"languages":["rust"],"notes":"n"})");
  EXPECT_EQ(
      http::stringify(merge_background(boost::json::parse(R"({"notes":"old","platforms":["x"]})"),
                                       p.hardware_background_keys)),
      R"({"platforms":["x"]})");
  EXPECT_EQ(http::stringify(merge_background(nullptr, p.software_background_keys)),
            R"({"languages":["rust"]})");
  const auto m = testing::error_message([&] {
    apply_profile_field(p, "software_background.languages", boost::json::parse(R"([1])"),
                        "answers.langs");
  });
  EXPECT_EQ(m.rfind("[body.answers.langs.0]", 0), 0u) << m;
}

TEST(ProfilePatch, KnowsItsFields) {
  EXPECT_TRUE(is_profile_field("experience_level"));
  EXPECT_TRUE(is_profile_field("software_background.frameworks"));
  EXPECT_TRUE(is_profile_field("hardware_background.platforms"));
  EXPECT_FALSE(is_profile_field("software_background.platforms"));
  EXPECT_FALSE(is_profile_field("questionnaire_completed"));
  EXPECT_FALSE(is_profile_field("user_id"));
}

}  // namespace
}  // namespace atrium::learn
