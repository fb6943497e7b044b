// c3f6e8a0b425: one row per answered questionnaire question, for analytics.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_c3f6e8a0b425() {
  using namespace migrate;
  return {
      .id = "c3f6e8a0b425",
      .down_revisions = {"b2e5d7f9a314"},
      .branch_labels = {},
      .depends_on = {},
      .message = "create_user_background_questionnaire",
      .upgrade =
          [](Op& op) {
            op.create_table(Table("user_background_questionnaire")
                                .column(Column("id", Type::uuid()).not_null())
                                .column(Column("user_id", Type::text()).not_null())
                                .column(Column("question_id", Type::string(100)).not_null())
                                .column(Column("answer", Type::json()))
                                .column(Column("answered_at", Type::timestamp())
                                            .not_null()
                                            .default_(Default::now()))
                                .primary({"id"})
                                .foreign_key("fk_user_background_questionnaire_user_id_user",
                                             {"user_id"}, "user", {"id"}, FkAction::cascade));
            op.create_index("ix_user_background_questionnaire_user_id",
                            "user_background_questionnaire", {"user_id"});
            op.create_index("ix_user_background_questionnaire_question_id",
                            "user_background_questionnaire", {"question_id"});
          },
      .downgrade = [](Op& op) { op.drop_table("user_background_questionnaire"); },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
