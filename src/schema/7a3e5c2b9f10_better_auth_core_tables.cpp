// 7a3e5c2b9f10: Better Auth's user, session, account and verification tables, exactly as
// Better Auth 1.7's own migrator creates them on each dialect (better-auth.md §11.2). A
// database where Better Auth already made them (the seed's "Option A") is adopted: each
// compatible table is taken over, only what is missing is created.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_7a3e5c2b9f10() {
  using namespace migrate;
  return {
      .id = "7a3e5c2b9f10",
      .down_revisions = {"e58d1bdc4ddb"},
      .branch_labels = {},
      .depends_on = {},
      .message = "better_auth_core_tables",
      .upgrade =
          [](Op& op) {
            const Type text = Type::text();
            // SQLite: Better Auth stores booleans as integer and dates as ISO text in `date`.
            const Type boolean = Type::boolean().as_better_auth();
            const Type date = Type::timestamp().as_better_auth();
            // Better Auth puts a database default on these only on PostgreSQL.
            const Default now = Default::current_timestamp().only_on(Dialect::postgresql);
            const ForeignKey to_user{{},     {"userId"},        "user",
                                     {"id"}, FkAction::cascade, FkAction::no_action};

            op.adopt_table(Table("user")
                               .column(Column("id", text).not_null())
                               .column(Column("name", text).not_null())
                               .column(Column("email", text).not_null())
                               .column(Column("emailVerified", boolean).not_null())
                               .column(Column("image", text))
                               .column(Column("createdAt", date).not_null().default_(now))
                               .column(Column("updatedAt", date).not_null().default_(now))
                               .primary({"id"})
                               .unique({"email"}));
            Table session("session");
            session.column(Column("id", text).not_null())
                .column(Column("expiresAt", date).not_null())
                .column(Column("token", text).not_null())
                .column(Column("createdAt", date).not_null().default_(now))
                .column(Column("updatedAt", date).not_null())
                .column(Column("ipAddress", text))
                .column(Column("userAgent", text))
                .column(Column("userId", text).not_null())
                .primary({"id"})
                .unique({"token"});
            session.foreign_keys.push_back(to_user);
            op.adopt_table(session);
            Table account("account");
            account.column(Column("id", text).not_null())
                .column(Column("accountId", text).not_null())
                .column(Column("providerId", text).not_null())
                .column(Column("userId", text).not_null())
                .column(Column("accessToken", text))
                .column(Column("refreshToken", text))
                .column(Column("idToken", text))
                .column(Column("accessTokenExpiresAt", date))
                .column(Column("refreshTokenExpiresAt", date))
                .column(Column("scope", text))
                .column(Column("password", text))
                .column(Column("createdAt", date).not_null().default_(now))
                .column(Column("updatedAt", date).not_null())
                .primary({"id"});
            account.foreign_keys.push_back(to_user);
            op.adopt_table(account);
            op.adopt_table(Table("verification")
                               .column(Column("id", text).not_null())
                               .column(Column("identifier", text).not_null())
                               .column(Column("value", text).not_null())
                               .column(Column("expiresAt", date).not_null())
                               .column(Column("createdAt", date).not_null().default_(now))
                               .column(Column("updatedAt", date).not_null().default_(now))
                               .primary({"id"}));
            op.create_index("session_userId_idx", "session", {"userId"}, {.adopt = true});
            op.create_index("account_userId_idx", "account", {"userId"}, {.adopt = true});
            op.create_index("verification_identifier_idx", "verification", {"identifier"},
                            {.adopt = true});
          },
      .downgrade =
          [](Op& op) {
            op.drop_table("verification");
            op.drop_table("account");
            op.drop_table("session");
            op.drop_table("user");
          },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
