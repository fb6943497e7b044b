#include "learn/profile_patch.hpp"

#include <algorithm>
#include <set>

#include "http/json.hpp"
#include "learn/validation.hpp"

namespace atrium::learn {
namespace {

bool contains_nul(const boost::json::value& v) {
  if (const auto* s = v.if_string()) return s->find('\0') != boost::json::string::npos;
  if (const auto* a = v.if_array()) {
    return std::any_of(a->begin(), a->end(), [](const auto& e) { return contains_nul(e); });
  }
  if (const auto* o = v.if_object()) {
    for (const auto& member : *o) {
      if (member.key().find('\0') != std::string_view::npos || contains_nul(member.value())) {
        return true;
      }
    }
  }
  return false;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& set) {
  std::string out;
  for (auto s : set) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

template <std::size_t N>
std::string one_of(const boost::json::value& v, std::string_view path,
                   const std::array<std::string_view, N>& set) {
  auto s = bounded_string(v, path, 20);
  if (!contains(set, s)) invalid(path, "Must be one of " + join(set));
  return s;
}

std::int64_t years(const boost::json::value& v, std::string_view path) {
  std::optional<std::int64_t> n;
  if (v.is_int64()) {
    n = v.get_int64();
  } else if (v.is_uint64()) {
    n = v.get_uint64() > 1000 ? 1000 : static_cast<std::int64_t>(v.get_uint64());
  } else if (v.is_double()) {
    const double d = v.get_double();
    if (d != static_cast<double>(static_cast<std::int64_t>(d))) {
      invalid(path, "Must be a whole number");
    }
    n = static_cast<std::int64_t>(d);
  } else {
    invalid(path, std::string("Invalid input: expected number, received ") + json_type_name(v));
  }
  if (*n < 0 || *n > kMaxProgrammingYears) {
    invalid(path, "Must be from 0 to " + std::to_string(kMaxProgrammingYears));
  }
  return *n;
}

boost::json::array string_list(const boost::json::value& v, const std::string& path) {
  if (!v.is_array()) {
    invalid(path, std::string("Invalid input: expected array, received ") + json_type_name(v));
  }
  const auto& in = v.get_array();
  if (in.size() > kMaxListItems) {
    invalid(path, "Too many items: at most " + std::to_string(kMaxListItems));
  }
  boost::json::array out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto item_path = path + "." + std::to_string(i);
    auto s = bounded_string(in[i], item_path, kMaxListItemChars, false);
    if (!seen.insert(s).second) invalid(item_path, "Duplicate item");
    out.emplace_back(s);
  }
  return out;
}

// One key of a background object.
boost::json::value background_value(std::string_view key, const boost::json::value& v,
                                    const std::string& path) {
  if (key == "notes") return boost::json::value(bounded_string(v, path, kMaxTextChars));
  return string_list(v, path);
}

template <std::size_t N>
boost::json::object background(const boost::json::value& v, std::string_view path,
                               const std::array<std::string_view, N>& keys) {
  if (!v.is_object()) {
    invalid(path, std::string("Invalid input: expected object, received ") + json_type_name(v));
  }
  boost::json::object out;
  for (const auto& member : v.get_object()) {
    const std::string key_path = std::string(path) + "." + std::string(member.key());
    if (!contains(keys, member.key())) invalid(key_path, "Unknown key; allowed: " + join(keys));
    if (member.value().is_null()) continue;
    out[member.key()] = background_value(member.key(), member.value(), key_path);
  }
  return out;
}

template <class T, class F>
void set(Change<T>& change, const boost::json::value& v, F&& read) {
  if (v.is_null()) {
    change = std::optional<T>{};
  } else {
    change = std::optional<T>{read()};
  }
}

}  // namespace

bool ProfilePatch::empty() const {
  return !software_background && !hardware_background && !experience_level && !learning_goals &&
         !has_robotics_projects && !robotics_projects_description && !programming_years &&
         !learning_style && !preferences && software_background_keys.empty() &&
         hardware_background_keys.empty();
}

bool is_profile_field(std::string_view field) {
  static constexpr std::array<std::string_view, 9> kColumns = {
      "software_background", "hardware_background",   "experience_level",
      "learning_goals",      "has_robotics_projects", "robotics_projects_description",
      "programming_years",   "learning_style",        "preferences"};
  if (contains(kColumns, field)) return true;
  const auto dot = field.find('.');
  if (dot == std::string_view::npos) return false;
  const auto column = field.substr(0, dot), key = field.substr(dot + 1);
  if (column == "software_background") return contains(kSoftwareBackgroundKeys, key);
  if (column == "hardware_background") return contains(kHardwareBackgroundKeys, key);
  return false;
}

void apply_profile_field(ProfilePatch& p, std::string_view field, const boost::json::value& v,
                         std::string_view path) {
  if (field == "experience_level") {
    set(p.experience_level, v, [&] { return one_of(v, path, kExperienceLevels); });
  } else if (field == "learning_style") {
    set(p.learning_style, v, [&] { return one_of(v, path, kLearningStyles); });
  } else if (field == "programming_years") {
    set(p.programming_years, v, [&] { return years(v, path); });
  } else if (field == "has_robotics_projects") {
    set(p.has_robotics_projects, v, [&] {
      if (!v.is_bool()) {
        invalid(path,
                std::string("Invalid input: expected boolean, received ") + json_type_name(v));
      }
      return v.get_bool();
    });
  } else if (field == "learning_goals") {
    set(p.learning_goals, v, [&] { return bounded_string(v, path, kMaxTextChars); });
  } else if (field == "robotics_projects_description") {
    set(p.robotics_projects_description, v, [&] { return bounded_string(v, path, kMaxTextChars); });
  } else if (field == "software_background") {
    set(p.software_background, v, [&] { return background(v, path, kSoftwareBackgroundKeys); });
  } else if (field == "hardware_background") {
    set(p.hardware_background, v, [&] { return background(v, path, kHardwareBackgroundKeys); });
  } else if (field == "preferences") {
    set(p.preferences, v, [&] {
      if (!v.is_object()) {
        invalid(path, std::string("Invalid input: expected object, received ") + json_type_name(v));
      }
      const auto text = http::stringify(v);
      if (text.size() > kMaxPreferencesBytes) {
        invalid(path, "Too large: at most " + std::to_string(kMaxPreferencesBytes) + " bytes");
      }
      // PostgreSQL's jsonb refuses \u0000 anywhere, keys included (see bounded_string).
      if (contains_nul(v)) invalid(path, "Invalid input: expected text without NUL characters");
      return v.get_object();
    });
  } else if (is_profile_field(field)) {  // "<background>.<key>"
    const auto dot = field.find('.');
    const auto column = field.substr(0, dot), key = field.substr(dot + 1);
    auto& keys =
        column == "software_background" ? p.software_background_keys : p.hardware_background_keys;
    if (v.is_null()) {
      keys[key] = nullptr;
    } else {
      keys[key] = background_value(key, v, std::string(path));
    }
  } else {
    invalid(path, "Unknown or read-only field");
  }
}

ProfilePatch parse_profile_patch(const boost::json::value& body) {
  if (!body.is_object()) {
    invalid("", std::string("Invalid input: expected object, received ") + json_type_name(body));
  }
  ProfilePatch patch;
  for (const auto& member : body.get_object()) {
    const std::string_view key = member.key();
    // Dotted names are the questionnaire's way in; PATCH sends whole objects.
    if (key.find('.') != std::string_view::npos) invalid(key, "Unknown or read-only field");
    apply_profile_field(patch, key, member.value(), key);
  }
  return patch;
}

boost::json::value merge_background(const boost::json::value& stored,
                                    const boost::json::object& keys) {
  boost::json::object out = stored.is_object() ? stored.get_object() : boost::json::object{};
  for (const auto& member : keys) {
    if (member.value().is_null()) {
      out.erase(member.key());
    } else {
      out[member.key()] = member.value();
    }
  }
  return out;
}

}  // namespace atrium::learn
