// b2e5d7f9a314: a learner's profile and background questionnaire answers, one row per user.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_b2e5d7f9a314() {
  using namespace migrate;
  return {
      .id = "b2e5d7f9a314",
      .down_revisions = {"a1d4c6e8f203"},
      .branch_labels = {},
      .depends_on = {},
      .message = "create_user_profiles",
      .upgrade =
          [](Op& op) {
            op.create_table(
                Table("user_profiles")
                    .column(Column("user_id", Type::text()).not_null())
                    .column(Column("software_background", Type::json()))
                    .column(Column("hardware_background", Type::json()))
                    .column(Column("experience_level", Type::string(20)))
                    .column(Column("learning_goals", Type::text()))
                    .column(Column("has_robotics_projects", Type::boolean()))
                    .column(Column("robotics_projects_description", Type::text()))
                    .column(Column("programming_years", Type::integer()))
                    .column(Column("learning_style", Type::string(20)))
                    .column(Column("questionnaire_completed", Type::boolean())
                                .not_null()
                                .default_(Default::of(false)))
                    .column(Column("questionnaire_completed_at", Type::timestamp()))
                    .column(Column("preferences", Type::json()))
                    .column(
                        Column("created_at", Type::timestamp()).not_null().default_(Default::now()))
                    .column(
                        Column("updated_at", Type::timestamp()).not_null().default_(Default::now()))
                    .primary({"user_id"})
                    .foreign_key("fk_user_profiles_user_id_user", {"user_id"}, "user", {"id"},
                                 FkAction::cascade));
            op.create_index("ix_user_profiles_user_id", "user_profiles", {"user_id"});
          },
      .downgrade = [](Op& op) { op.drop_table("user_profiles"); },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
