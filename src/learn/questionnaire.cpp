#include "learn/questionnaire.hpp"

#include <boost/json/parse.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/config.hpp"
#include "learn/profile_patch.hpp"
#include "learn/validation.hpp"

namespace atrium::learn {
namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
  throw ConfigError("questionnaire catalog: " + where + ": " + what);
}

std::string text(const boost::json::object& o, std::string_view key, const std::string& where,
                 bool required = true) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) bad(where, "\"" + std::string(key) + "\" is required");
    return {};
  }
  if (v->is_string()) return std::string(v->get_string());
  // A numeric version ("version": 1) reads as its text.
  if (key == "version" && v->is_int64()) return std::to_string(v->get_int64());
  bad(where, "\"" + std::string(key) + "\" must be a string");
}

std::optional<double> number(const boost::json::object& o, std::string_view key,
                             const std::string& where) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_number()) bad(where, "\"" + std::string(key) + "\" must be a number");
  return v->to_number<double>();
}

std::optional<std::size_t> count(const boost::json::object& o, std::string_view key,
                                 const std::string& where) {
  auto n = number(o, key, where);
  if (!n) return std::nullopt;
  if (*n < 0 || *n != static_cast<double>(static_cast<std::size_t>(*n))) {
    bad(where, "\"" + std::string(key) + "\" must be a non-negative integer");
  }
  return static_cast<std::size_t>(*n);
}

QuestionKind parse_kind(const std::string& s, const std::string& where) {
  if (s == "single_choice") return QuestionKind::single_choice;
  if (s == "multiple_choice") return QuestionKind::multiple_choice;
  if (s == "number") return QuestionKind::number;
  if (s == "free_text") return QuestionKind::free_text;
  if (s == "yes_no") return QuestionKind::yes_no;
  bad(where,
      "unknown kind \"" + s + "\" (single_choice, multiple_choice, number, free_text, yes_no)");
}

// Whole numbers as JSON integers ("max": 80, not 80.0), as the catalog file writes them.
boost::json::value number_json(double d) {
  if (d == std::floor(d) && std::abs(d) < 9007199254740992.0) return static_cast<std::int64_t>(d);
  return d;
}

bool is_choice(QuestionKind k) {
  return k == QuestionKind::single_choice || k == QuestionKind::multiple_choice;
}

template <std::size_t N>
bool subset_of(const std::vector<QuestionOption>& options,
               const std::array<std::string_view, N>& allowed) {
  for (const auto& o : options) {
    if (std::find(allowed.begin(), allowed.end(), o.value) == allowed.end()) return false;
  }
  return true;
}

// Whether answers of this question can always fill its profile field; checked once at load
// so a submission never fails on a catalog mistake.
void check_profile_field(const Question& q, const std::string& where) {
  const std::string& f = q.profile_field;
  if (!is_profile_field(f) || f == "preferences" || f == "software_background" ||
      f == "hardware_background") {
    bad(where, "\"profile_field\" \"" + f + "\" is not a field an answer can fill");
  }
  auto needs = [&](bool ok, const char* what) {
    if (!ok) bad(where, "profile field \"" + f + "\" needs " + what);
  };
  if (f == "experience_level") {
    needs(q.kind == QuestionKind::single_choice && subset_of(q.options, kExperienceLevels),
          "a single_choice whose values are beginner, intermediate, advanced");
  } else if (f == "learning_style") {
    needs(q.kind == QuestionKind::single_choice && subset_of(q.options, kLearningStyles),
          "a single_choice whose values are learning styles");
  } else if (f == "programming_years") {
    needs(q.kind == QuestionKind::number && q.integer && q.min && *q.min >= 0 && q.max &&
              *q.max <= static_cast<double>(kMaxProgrammingYears),
          "an integer number with min >= 0 and max <= 80");
  } else if (f == "has_robotics_projects") {
    needs(q.kind == QuestionKind::yes_no, "a yes_no question");
  } else if (f == "learning_goals" || f == "robotics_projects_description" ||
             f.ends_with(".notes")) {
    needs(q.kind == QuestionKind::free_text && q.max_length <= kMaxTextChars,
          "a free_text question of at most 2000 characters");
  } else {  // a list inside a background object
    needs(q.kind == QuestionKind::multiple_choice && q.options.size() <= kMaxListItems,
          "a multiple_choice question with at most 32 options");
  }
}

Question parse_question(const boost::json::value& v, std::size_t index) {
  std::string where = "questions[" + std::to_string(index) + "]";
  if (!v.is_object()) bad(where, "must be an object");
  const auto& o = v.get_object();
  Question q;
  q.id = text(o, "id", where);
  if (!is_slug(q.id, 100)) bad(where, "\"id\" must be 1-100 characters of a-z, 0-9, _ and -");
  where += " (" + q.id + ")";
  q.prompt = text(o, "prompt", where);
  q.kind = parse_kind(text(o, "kind", where), where);
  if (const auto* r = o.if_contains("required")) {
    if (!r->is_bool()) bad(where, "\"required\" must be true or false");
    q.required = r->get_bool();
  }
  if (const auto* opts = o.if_contains("options"); opts != nullptr && !opts->is_null()) {
    if (!is_choice(q.kind)) bad(where, "only choice questions have options");
    if (!opts->is_array()) bad(where, "\"options\" must be an array");
    std::set<std::string> seen;
    for (const auto& item : opts->get_array()) {
      if (!item.is_object()) bad(where, "each option must be an object");
      QuestionOption opt;
      opt.value = text(item.get_object(), "value", where);
      opt.label = text(item.get_object(), "label", where, false);
      if (opt.label.empty()) opt.label = opt.value;
      if (!is_slug(opt.value, kMaxListItemChars)) {
        bad(where, "option value \"" + opt.value + "\" must be 1-64 characters of a-z, 0-9, _, -");
      }
      if (!seen.insert(opt.value).second) bad(where, "duplicate option \"" + opt.value + "\"");
      q.options.push_back(std::move(opt));
    }
  }
  if (is_choice(q.kind) && q.options.empty()) bad(where, "a choice question needs options");
  if (q.kind == QuestionKind::number) {
    q.min = number(o, "min", where);
    q.max = number(o, "max", where);
    if (const auto* i = o.if_contains("integer")) {
      if (!i->is_bool()) bad(where, "\"integer\" must be true or false");
      q.integer = i->get_bool();
    }
    if (q.min && q.max && *q.min > *q.max) bad(where, "\"min\" is greater than \"max\"");
  }
  if (q.kind == QuestionKind::free_text) {
    if (auto n = count(o, "max_length", where)) q.max_length = *n;
    if (q.max_length == 0 || q.max_length > kMaxTextChars) {
      bad(where, "\"max_length\" must be from 1 to 2000");
    }
  }
  if (q.kind == QuestionKind::multiple_choice) {
    if (auto n = count(o, "min_selections", where)) q.min_selections = *n;
    q.max_selections = count(o, "max_selections", where);
    const std::size_t cap = q.max_selections.value_or(q.options.size());
    if (q.min_selections > cap || cap > q.options.size()) {
      bad(where, "selection bounds do not fit the options");
    }
  }
  q.profile_field = text(o, "profile_field", where, false);
  if (!q.profile_field.empty()) check_profile_field(q, where);
  return q;
}

}  // namespace

std::string_view to_string(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::single_choice:
      return "single_choice";
    case QuestionKind::multiple_choice:
      return "multiple_choice";
    case QuestionKind::number:
      return "number";
    case QuestionKind::free_text:
      return "free_text";
    case QuestionKind::yes_no:
      return "yes_no";
  }
  return "free_text";
}

bool Question::has_option(std::string_view value) const {
  for (const auto& o : options) {
    if (o.value == value) return true;
  }
  return false;
}

const Question* Catalog::find(std::string_view question_id) const {
  for (const auto& q : questions) {
    if (q.id == question_id) return &q;
  }
  return nullptr;
}

boost::json::object Catalog::to_json() const {
  boost::json::array qs;
  for (const auto& q : questions) {
    boost::json::object o;
    o["id"] = q.id;
    o["prompt"] = q.prompt;
    o["kind"] = to_string(q.kind);
    o["required"] = q.required;
    if (is_choice(q.kind)) {
      boost::json::array opts;
      for (const auto& opt : q.options)
        opts.push_back({{"value", opt.value}, {"label", opt.label}});
      o["options"] = std::move(opts);
    }
    if (q.kind == QuestionKind::number) {
      o["min"] = q.min ? number_json(*q.min) : nullptr;
      o["max"] = q.max ? number_json(*q.max) : nullptr;
      o["integer"] = q.integer;
    }
    if (q.kind == QuestionKind::free_text) o["max_length"] = q.max_length;
    if (q.kind == QuestionKind::multiple_choice) {
      o["min_selections"] = q.min_selections;
      o["max_selections"] = q.max_selections ? boost::json::value(*q.max_selections) : nullptr;
    }
    o["profile_field"] =
        q.profile_field.empty() ? boost::json::value(nullptr) : boost::json::value(q.profile_field);
    qs.push_back(std::move(o));
  }
  return {{"id", id}, {"version", version}, {"title", title}, {"questions", std::move(qs)}};
}

Catalog parse_catalog(std::string_view json_text) {
  boost::system::error_code ec;
  const auto root = boost::json::parse(json_text, ec);
  if (ec) throw ConfigError("questionnaire catalog: not valid JSON: " + ec.message());
  if (!root.is_object()) bad("top level", "must be an object");
  const auto& o = root.get_object();
  Catalog c;
  c.id = text(o, "id", "top level");
  c.version = text(o, "version", "top level");
  c.title = text(o, "title", "top level", false);
  const auto* qs = o.if_contains("questions");
  if (qs == nullptr || !qs->is_array() || qs->get_array().empty()) {
    bad("top level", "\"questions\" must be a non-empty array");
  }
  std::set<std::string> ids, fields;
  for (std::size_t i = 0; i < qs->get_array().size(); ++i) {
    auto q = parse_question(qs->get_array()[i], i);
    if (!ids.insert(q.id).second)
      bad("questions[" + std::to_string(i) + "]", "duplicate id " + q.id);
    if (!q.profile_field.empty() && !fields.insert(q.profile_field).second) {
      bad("questions[" + std::to_string(i) + "]",
          "profile field " + q.profile_field + " is filled by two questions");
    }
    c.questions.push_back(std::move(q));
  }
  return c;
}

Catalog load_catalog_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("questionnaire catalog: cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  try {
    return parse_catalog(buf.str());
  } catch (const ConfigError& e) {
    throw ConfigError(std::string(e.what()) + " (" + path + ")");
  }
}

}  // namespace atrium::learn
