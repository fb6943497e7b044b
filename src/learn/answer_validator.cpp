#include "learn/answer_validator.hpp"

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "learn/validation.hpp"

namespace atrium::learn {
namespace {

std::string format_number(double d) {
  if (d == std::floor(d) && std::abs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return std::to_string(d);
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

[[noreturn]] void expected(const std::string& path, const char* type, const boost::json::value& v) {
  invalid(path, std::string("Invalid input: expected ") + type + ", received " + json_type_name(v));
}

boost::json::value check_answer(const Question& q, const boost::json::value& v,
                                const std::string& path) {
  switch (q.kind) {
    case QuestionKind::single_choice: {
      if (!v.is_string()) expected(path, "string", v);
      if (!q.has_option(v.get_string())) invalid(path, "Not one of the question's options");
      return v;
    }
    case QuestionKind::multiple_choice: {
      if (!v.is_array()) expected(path, "array", v);
      std::set<std::string_view> seen;
      for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        const auto& item = v.get_array()[i];
        const auto item_path = path + "." + std::to_string(i);
        if (!item.is_string()) expected(item_path, "string", item);
        if (!q.has_option(item.get_string()))
          invalid(item_path, "Not one of the question's options");
        if (!seen.insert(item.get_string()).second) invalid(item_path, "Chosen twice");
      }
      const auto n = v.get_array().size();
      if (n < q.min_selections) {
        invalid(path, "Choose at least " + std::to_string(q.min_selections));
      }
      if (q.max_selections && n > *q.max_selections) {
        invalid(path, "Choose at most " + std::to_string(*q.max_selections));
      }
      return v;
    }
    case QuestionKind::number: {
      if (!v.is_number()) expected(path, "number", v);
      const double d = v.to_number<double>();
      if (!std::isfinite(d)) invalid(path, "Must be a finite number");
      if (q.integer && d != std::floor(d)) invalid(path, "Must be a whole number");
      if (q.min && d < *q.min) invalid(path, "Must be at least " + format_number(*q.min));
      if (q.max && d > *q.max) invalid(path, "Must be at most " + format_number(*q.max));
      if (q.integer) return static_cast<std::int64_t>(d);
      return d;
    }
    case QuestionKind::free_text:
      return boost::json::value(bounded_string(v, path, q.max_length));
    case QuestionKind::yes_no:
      if (!v.is_bool()) expected(path, "boolean", v);
      return v;
  }
  return v;
}

}  // namespace

ValidatedSubmission validate_submission(const Catalog& catalog, const boost::json::value& body) {
  if (!body.is_object()) expected("", "object", body);
  const auto& o = body.get_object();
  for (const auto& member : o) {
    if (member.key() != "answers" && member.key() != "catalog_version") {
      invalid(member.key(), "Unknown field");
    }
  }
  if (const auto* version = o.if_contains("catalog_version"); version && !version->is_null()) {
    if (!version->is_string()) expected("catalog_version", "string", *version);
    if (version->get_string() != catalog.version) {
      throw Error(ErrorKind::conflict, "QUESTIONNAIRE_VERSION_MISMATCH",
                  "The questionnaire has changed (version " + catalog.version +
                      "); reload it and answer again");
    }
  }
  const auto* answers_value = o.if_contains("answers");
  if (answers_value == nullptr) invalid("answers", "Required");
  if (!answers_value->is_object()) expected("answers", "object", *answers_value);
  const auto& answers = answers_value->get_object();

  for (const auto& member : answers) {
    if (catalog.find(member.key()) == nullptr) {
      invalid("answers." + std::string(member.key()), "Unknown question");
    }
  }

  ValidatedSubmission out;
  for (const auto& q : catalog.questions) {
    const std::string path = "answers." + q.id;
    const auto* v = answers.if_contains(q.id);
    const bool unanswered =
        v == nullptr || v->is_null() || (v->is_string() && is_blank(v->get_string()));
    if (unanswered) {
      if (q.required) invalid(path, "Required");
      continue;
    }
    auto answer = check_answer(q, *v, path);
    if (!q.profile_field.empty()) apply_profile_field(out.profile, q.profile_field, answer, path);
    out.answers.push_back({q.id, std::move(answer)});
  }
  return out;
}

}  // namespace atrium::learn
