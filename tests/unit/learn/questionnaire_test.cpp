#include "learn/questionnaire.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "http/json.hpp"
#include "learn/default_catalog.hpp"

namespace atrium::learn {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::string kShipped = ATRIUM_SOURCE_DIR "/share/questionnaire/robotics-v1.json";

TEST(Questionnaire, CompiledInCatalogIsTheShippedFile) {
  const auto file = read_file(kShipped);
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(default_catalog_json(), file);
}

TEST(Questionnaire, ShippedCatalogLoads) {
  const auto c = load_catalog_file(kShipped);
  EXPECT_EQ(c.id, "robotics-background");
  EXPECT_EQ(c.version, "1");
  ASSERT_NE(c.find("experience_level"), nullptr);
  EXPECT_EQ(c.find("experience_level")->kind, QuestionKind::single_choice);
  EXPECT_TRUE(c.find("experience_level")->required);
  EXPECT_EQ(c.find("programming_languages")->profile_field, "software_background.languages");
  EXPECT_EQ(c.find("nope"), nullptr);
  // Every kind is exercised by the shipped catalog.
  for (auto kind : {QuestionKind::single_choice, QuestionKind::multiple_choice,
                    QuestionKind::number, QuestionKind::free_text, QuestionKind::yes_no}) {
    EXPECT_TRUE(std::any_of(c.questions.begin(), c.questions.end(), [&](const Question& q) {
      return q.kind == kind;
    })) << to_string(kind);
  }
}

TEST(Questionnaire, ServedFormReadsBackTheSame) {
  const auto c = parse_catalog(default_catalog_json());
  const auto served = http::stringify(c.to_json());
  const auto again = parse_catalog(served);
  EXPECT_EQ(http::stringify(again.to_json()), served);
}

TEST(Questionnaire, ConfiguredFileReplacesTheDefault) {
  const std::string path = ::testing::TempDir() + "/learn-catalog.json";
  {
    std::ofstream out(path);
    out << R"({"id":"tiny","version":7,"questions":[{"id":"q","prompt":"?","kind":"yes_no"}]})";
  }
  EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "ATRIUM_QUESTIONNAIRE_FILE") return path;
    return std::nullopt;
  };
  const auto c = load_configured_catalog(env);
  EXPECT_EQ(c.id, "tiny");
  EXPECT_EQ(c.version, "7");
  EXPECT_EQ(
      load_configured_catalog([](const std::string&) { return std::optional<std::string>{}; }).id,
      "robotics-background");
  EnvLookup missing = [](const std::string&) -> std::optional<std::string> {
    return "/nonexistent/catalog.json";
  };
  EXPECT_THROW(load_configured_catalog(missing), ConfigError);
}

std::string refusal(const std::string& questions) {
  try {
    parse_catalog(R"({"id":"c","version":"1","questions":[)" + questions + "]}");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << questions;
  return {};
}

bool refuses(const std::string& questions, const std::string& fragment) {
  const auto m = refusal(questions);
  if (m.find(fragment) != std::string::npos) return true;
  ADD_FAILURE() << questions << " -> " << m;
  return false;
}

TEST(Questionnaire, RefusesBadCatalogs) {
  EXPECT_THROW(parse_catalog("not json"), ConfigError);
  EXPECT_THROW(parse_catalog(R"({"id":"c","version":"1","questions":[]})"), ConfigError);
  EXPECT_THROW(
      parse_catalog(R"({"version":"1","questions":[{"id":"q","prompt":"?","kind":"yes_no"}]})"),
      ConfigError);
  refuses(R"({"id":"Q 1","prompt":"?","kind":"yes_no"})", "\"id\" must be");
  refuses(R"({"id":"q","prompt":"?","kind":"essay"})", "unknown kind");
  refuses(R"({"id":"q","prompt":"?","kind":"yes_no"},{"id":"q","prompt":"?","kind":"yes_no"})",
          "duplicate id");
  refuses(R"({"id":"q","prompt":"?","kind":"single_choice"})", "needs options");
  refuses(R"({"id":"q","prompt":"?","kind":"yes_no","options":[{"value":"a"}]})",
          "only choice questions");
  refuses(R"({"id":"q","prompt":"?","kind":"single_choice","options":[{"value":"A\"b"}]})",
          "option value");
  refuses(
      R"({"id":"q","prompt":"?","kind":"single_choice","options":[{"value":"a"},{"value":"a"}]})",
      "duplicate option");
  refuses(R"({"id":"q","prompt":"?","kind":"number","min":5,"max":1})", "greater than");
  refuses(R"({"id":"q","prompt":"?","kind":"free_text","max_length":5000})", "max_length");
  refuses(
      R"({"id":"q","prompt":"?","kind":"multiple_choice","options":[{"value":"a"}],"max_selections":2})",
      "selection bounds");
  refuses(R"({"id":"q","prompt":"?","kind":"yes_no","required":"yes"})", "\"required\"");
}

TEST(Questionnaire, ProfileFieldMustFitTheKind) {
  refuses(R"({"id":"q","prompt":"?","kind":"yes_no","profile_field":"shoe_size"})",
          "not a field an answer can fill");
  refuses(R"({"id":"q","prompt":"?","kind":"yes_no","profile_field":"preferences"})",
          "not a field an answer can fill");
  refuses(R"({"id":"q","prompt":"?","kind":"free_text","profile_field":"experience_level"})",
          "needs a single_choice");
  refuses(
      R"({"id":"q","prompt":"?","kind":"single_choice","options":[{"value":"expert"}],"profile_field":"experience_level"})",
      "needs a single_choice");
  refuses(R"({"id":"q","prompt":"?","kind":"number","profile_field":"programming_years"})",
          "needs an integer number");
  refuses(
      R"({"id":"q","prompt":"?","kind":"number","integer":true,"min":0,"max":100,"profile_field":"programming_years"})",
      "needs an integer number");
  refuses(R"({"id":"q","prompt":"?","kind":"free_text","profile_field":"has_robotics_projects"})",
          "needs a yes_no");
  refuses(
      R"({"id":"q","prompt":"?","kind":"yes_no","profile_field":"software_background.languages"})",
      "needs a multiple_choice");
  refuses(R"({"id":"a","prompt":"?","kind":"yes_no","profile_field":"has_robotics_projects"},
             {"id":"b","prompt":"?","kind":"yes_no","profile_field":"has_robotics_projects"})",
          "filled by two questions");
  EXPECT_NO_THROW(parse_catalog(
      R"({"id":"c","version":"1","questions":[{"id":"q","prompt":"?","kind":"free_text","max_length":50,"profile_field":"hardware_background.notes"}]})"));
}

}  // namespace
}  // namespace atrium::learn
