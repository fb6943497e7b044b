#pragma once
// A learner's profile: one user_profiles row (schema.md, revision b2e5d7f9a314).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace atrium::learn {

struct Profile {
  std::string user_id;
  boost::json::value software_background;  // null or an object (profile_patch.hpp documents it)
  boost::json::value hardware_background;
  std::optional<std::string> experience_level;
  std::optional<std::string> learning_goals;
  std::optional<bool> has_robotics_projects;
  std::optional<std::string> robotics_projects_description;
  std::optional<std::int64_t> programming_years;
  std::optional<std::string> learning_style;
  bool questionnaire_completed = false;
  std::optional<TimePoint> questionnaire_completed_at;
  boost::json::value preferences;  // null or an object
  TimePoint created_at;
  TimePoint updated_at;
};

// The API's shape: the table's column names, timestamps as ISO-8601 UTC with milliseconds.
boost::json::object to_json(const Profile& profile);

}  // namespace atrium::learn
