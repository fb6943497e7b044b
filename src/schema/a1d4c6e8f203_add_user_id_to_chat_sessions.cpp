// a1d4c6e8f203: chat sessions owned by a user (NULL = anonymous); deleting the user deletes
// their chats (the seed: every foreign key to the user cascades). On SQLite this is an
// in-place ADD COLUMN … REFERENCES, no table rebuild.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_a1d4c6e8f203() {
  using namespace migrate;
  return {
      .id = "a1d4c6e8f203",
      .down_revisions = {"7a3e5c2b9f10"},
      .branch_labels = {},
      .depends_on = {},
      .message = "add_user_id_to_chat_sessions",
      .upgrade =
          [](Op& op) {
            op.add_column("chat_sessions", Column("user_id", Type::text()),
                          fk("fk_chat_sessions_user_id_user", "user", {"id"}, FkAction::cascade));
            op.create_index("ix_chat_sessions_user_id", "chat_sessions", {"user_id"});
          },
      .downgrade =
          [](Op& op) {
            op.drop_index("ix_chat_sessions_user_id", "chat_sessions");
            op.drop_column("chat_sessions", "user_id");
          },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
