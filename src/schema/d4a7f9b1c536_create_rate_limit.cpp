// d4a7f9b1c536: Better Auth's rateLimit table (rateLimit.storage = "database"), so several
// atrium processes share their rate-limit counters. Adopted if Better Auth already made it.

#include "migrate/revision.hpp"

namespace atrium::schema {

migrate::Revision revision_d4a7f9b1c536() {
  using namespace migrate;
  return {
      .id = "d4a7f9b1c536",
      .down_revisions = {"c3f6e8a0b425"},
      .branch_labels = {},
      .depends_on = {},
      .message = "create_rate_limit",
      .upgrade =
          [](Op& op) {
            op.adopt_table(
                Table("rateLimit")
                    .column(Column("id", Type::text()).not_null())
                    .column(Column("key", Type::text()).not_null())
                    .column(Column("count", Type::integer()).not_null())
                    // Milliseconds since the epoch; Better Auth spells it bigint.
                    .column(Column("lastRequest", Type::big_integer().as_better_auth()).not_null())
                    .primary({"id"})
                    .unique({"key"}));
          },
      .downgrade = [](Op& op) { op.drop_table("rateLimit"); },
      .path = __FILE__,
  };
}

}  // namespace atrium::schema
