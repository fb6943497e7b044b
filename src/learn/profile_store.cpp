#include "learn/profile_store.hpp"

#include "db/error.hpp"
#include "db/transaction.hpp"
#include "learn/db_values.hpp"

namespace atrium::learn {
namespace {

constexpr std::string_view kSelect =
    "SELECT user_id, software_background, hardware_background, experience_level, "
    "learning_goals, has_robotics_projects, robotics_projects_description, programming_years, "
    "learning_style, questionnaire_completed, questionnaire_completed_at, preferences, "
    "created_at, updated_at FROM user_profiles WHERE user_id = $1";

Profile read_profile(const db::Row& r) {
  Profile p;
  p.user_id = r.text("user_id");
  p.software_background = read_json(r, "software_background");
  p.hardware_background = read_json(r, "hardware_background");
  p.experience_level = r.opt_text("experience_level");
  p.learning_goals = r.opt_text("learning_goals");
  p.has_robotics_projects = r.opt_boolean("has_robotics_projects");
  p.robotics_projects_description = r.opt_text("robotics_projects_description");
  p.programming_years = r.opt_integer("programming_years");
  p.learning_style = r.opt_text("learning_style");
  p.questionnaire_completed = r.boolean("questionnaire_completed");
  p.questionnaire_completed_at = read_opt_time(r, "questionnaire_completed_at");
  p.preferences = read_json(r, "preferences");
  p.created_at = read_time(r, "created_at");
  p.updated_at = read_time(r, "updated_at");
  return p;
}

template <class T, class U>
void apply(std::optional<U>& field, const Change<T>& change) {
  if (!change) return;
  if (*change) {
    field = **change;
  } else {
    field.reset();
  }
}

void apply_json(boost::json::value& field, const Change<boost::json::object>& change) {
  if (!change) return;
  if (*change) {
    field = **change;
  } else {
    field = nullptr;
  }
}

template <class T>
db::Value opt_value(const std::optional<T>& v) {
  if (!v) return db::null;
  return db::Value(*v);
}

}  // namespace

void create_profile(db::Connection& conn, const std::string& user_id, TimePoint now) {
  const auto t = time_value(to_millis(now));
  conn.execute(
      "INSERT INTO user_profiles (user_id, questionnaire_completed, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO NOTHING",
      {user_id, false, t, t});
}

std::optional<Profile> find_profile(db::Connection& conn, const std::string& user_id) {
  auto rows = conn.query(kSelect, {user_id});
  if (rows.empty()) return std::nullopt;
  return read_profile(rows[0]);
}

Profile get_or_create_profile(db::Connection& conn, const std::string& user_id, TimePoint now) {
  if (auto p = find_profile(conn, user_id)) return *p;
  create_profile(conn, user_id, now);
  auto p = find_profile(conn, user_id);
  if (!p) {
    throw db::DbError(db::DbErrorKind::other, "", "profile for " + user_id + " vanished");
  }
  return *p;
}

void lock_profile(db::Connection& conn, const std::string& user_id, TimePoint now) {
  create_profile(conn, user_id, now);
  // A write to the row is the portable row lock (SQLite has no SELECT … FOR UPDATE).
  conn.execute("UPDATE user_profiles SET user_id = user_id WHERE user_id = $1", {user_id});
}

Profile update_profile(db::Connection& conn, const std::string& user_id, const ProfilePatch& patch,
                       TimePoint now, std::optional<TimePoint> completed_at) {
  db::Transaction tx(conn);
  lock_profile(conn, user_id, now);
  Profile p = *find_profile(conn, user_id);

  apply_json(p.software_background, patch.software_background);
  apply_json(p.hardware_background, patch.hardware_background);
  if (!patch.software_background_keys.empty()) {
    p.software_background = merge_background(p.software_background, patch.software_background_keys);
  }
  if (!patch.hardware_background_keys.empty()) {
    p.hardware_background = merge_background(p.hardware_background, patch.hardware_background_keys);
  }
  apply(p.experience_level, patch.experience_level);
  apply(p.learning_goals, patch.learning_goals);
  apply(p.has_robotics_projects, patch.has_robotics_projects);
  apply(p.robotics_projects_description, patch.robotics_projects_description);
  apply(p.programming_years, patch.programming_years);
  apply(p.learning_style, patch.learning_style);
  apply_json(p.preferences, patch.preferences);
  if (completed_at) {
    p.questionnaire_completed = true;
    p.questionnaire_completed_at = to_millis(*completed_at);
  }
  p.updated_at = std::max(to_millis(now), p.updated_at);

  conn.execute(
      "UPDATE user_profiles SET software_background = $2, hardware_background = $3, "
      "experience_level = $4, learning_goals = $5, has_robotics_projects = $6, "
      "robotics_projects_description = $7, programming_years = $8, learning_style = $9, "
      "questionnaire_completed = $10, questionnaire_completed_at = $11, preferences = $12, "
      "updated_at = $13 WHERE user_id = $1",
      {user_id, json_value(p.software_background), json_value(p.hardware_background),
       opt_value(p.experience_level), opt_value(p.learning_goals),
       opt_value(p.has_robotics_projects), opt_value(p.robotics_projects_description),
       opt_value(p.programming_years), opt_value(p.learning_style), p.questionnaire_completed,
       p.questionnaire_completed_at ? time_value(*p.questionnaire_completed_at)
                                    : db::Value(db::null),
       json_value(p.preferences), time_value(p.updated_at)});
  tx.commit();
  return p;
}

}  // namespace atrium::learn
