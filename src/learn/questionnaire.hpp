#pragma once
// The background questionnaire is data: a versioned catalog of questions loaded from JSON at
// start. atrium ships share/questionnaire/robotics-v1.json for the platform's robotics course;
// ATRIUM_QUESTIONNAIRE_FILE replaces it. The file format:
//
//   {"id": "robotics-background", "version": "1", "title": "…",
//    "questions": [{"id": "experience_level", "prompt": "…", "kind": "single_choice",
//                   "required": true, "profile_field": "experience_level",
//                   "options": [{"value": "beginner", "label": "Beginner"}, …]}, …]}
//
// kind is single_choice | multiple_choice | number | free_text | yes_no. Question ids and
// option values are [a-z0-9_-] (ids at most 100, the column's width; values at most 64).
// number takes optional "min", "max" and "integer"; free_text an optional "max_length"
// (default and ceiling 2000); multiple_choice optional "min_selections"/"max_selections".
// "profile_field" (optional) names the profile field the answer fills (profile_patch.hpp); the
// catalog is refused at load when the kind cannot fill that field.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::learn {

enum class QuestionKind { single_choice, multiple_choice, number, free_text, yes_no };

std::string_view to_string(QuestionKind kind);

struct QuestionOption {
  std::string value;
  std::string label;
};

struct Question {
  std::string id;
  std::string prompt;
  QuestionKind kind = QuestionKind::free_text;
  bool required = false;
  std::vector<QuestionOption> options;  // choice kinds only
  std::optional<double> min;            // number
  std::optional<double> max;            // number
  bool integer = false;                 // number
  std::size_t max_length = 2000;        // free_text
  std::size_t min_selections = 0;       // multiple_choice
  std::optional<std::size_t> max_selections;
  std::string profile_field;  // empty: the answer fills no profile field

  bool has_option(std::string_view value) const;
};

struct Catalog {
  std::string id;
  std::string version;
  std::string title;
  std::vector<Question> questions;

  const Question* find(std::string_view question_id) const;
  // What GET /api/questionnaire serves: the normalised catalog.
  boost::json::object to_json() const;
};

// Parses and checks a catalog. Throws ConfigError (core/config.hpp) naming the first problem,
// so a bad file stops start-up with one clear line.
Catalog parse_catalog(std::string_view json_text);
Catalog load_catalog_file(const std::string& path);

}  // namespace atrium::learn
