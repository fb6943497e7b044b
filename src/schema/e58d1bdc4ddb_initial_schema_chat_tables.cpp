// e58d1bdc4ddb: the chat tables the seed's Alembic project created first. Databases in the
// field are already at this revision (made by Alembic); atrium continues from there.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_e58d1bdc4ddb() {
  using namespace migrate;
  return {
      .id = "e58d1bdc4ddb",
      .down_revisions = {},
      .branch_labels = {},
      .depends_on = {},
      .message = "initial_schema_chat_tables",
      .upgrade =
          [](Op& op) {
            op.create_table(
                Table("chat_sessions")
                    .column(Column("session_id", Type::uuid()).not_null())
                    .column(
                        Column("created_at", Type::timestamp()).not_null().default_(Default::now()))
                    .column(
                        Column("updated_at", Type::timestamp()).not_null().default_(Default::now()))
                    .primary({"session_id"}));
            op.create_table(
                Table("chat_messages")
                    .column(Column("message_id", Type::uuid()).not_null())
                    .column(Column("session_id", Type::uuid()).not_null())
                    .column(Column("role", Type::string(20)).not_null())
                    .column(Column("content", Type::text()).not_null())
                    .column(Column("citations", Type::json()))
                    .column(
                        Column("created_at", Type::timestamp()).not_null().default_(Default::now()))
                    .primary({"message_id"})
                    .foreign_key("fk_chat_messages_session_id_chat_sessions", {"session_id"},
                                 "chat_sessions", {"session_id"}, FkAction::cascade));
            op.create_index("ix_chat_messages_session_id_created_at", "chat_messages",
                            {"session_id", "created_at"});
            op.create_table(
                Table("api_metrics")
                    .column(Column("metric_id", Type::big_integer()).generated_identity())
                    .column(Column("endpoint", Type::string(255)).not_null())
                    .column(Column("method", Type::string(10)).not_null())
                    .column(Column("status_code", Type::integer()).not_null())
                    .column(Column("response_time_ms", Type::float_()).not_null())
                    .column(
                        Column("created_at", Type::timestamp()).not_null().default_(Default::now()))
                    .primary({"metric_id"}));
            op.create_index("ix_api_metrics_created_at", "api_metrics", {"created_at"});
            op.create_index("ix_api_metrics_endpoint", "api_metrics", {"endpoint"});
          },
      .downgrade =
          [](Op& op) {
            op.drop_table("api_metrics");
            op.drop_table("chat_messages");
            op.drop_table("chat_sessions");
          },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
