#include "learn/profile.hpp"

#include "core/time_format.hpp"

namespace atrium::learn {
namespace {

template <class T>
boost::json::value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return boost::json::value(*v);
}

}  // namespace

boost::json::object to_json(const Profile& p) {
  boost::json::object o;
  o["user_id"] = p.user_id;
  o["software_background"] = p.software_background;
  o["hardware_background"] = p.hardware_background;
  o["experience_level"] = opt(p.experience_level);
  o["learning_goals"] = opt(p.learning_goals);
  o["has_robotics_projects"] = opt(p.has_robotics_projects);
  o["robotics_projects_description"] = opt(p.robotics_projects_description);
  o["programming_years"] = opt(p.programming_years);
  o["learning_style"] = opt(p.learning_style);
  o["questionnaire_completed"] = p.questionnaire_completed;
  if (p.questionnaire_completed_at) {
    o["questionnaire_completed_at"] = format_iso8601(*p.questionnaire_completed_at);
  } else {
    o["questionnaire_completed_at"] = nullptr;
  }
  o["preferences"] = p.preferences;
  o["created_at"] = format_iso8601(p.created_at);
  o["updated_at"] = format_iso8601(p.updated_at);
  return o;
}

}  // namespace atrium::learn
