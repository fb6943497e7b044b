// The stores on their own, against the real tables: the verification table's newest-row and
// single-consumption rules, and session listing boundaries.

#include "auth/db_time.hpp"
#include "auth/session_store.hpp"
#include "auth/verification_store.hpp"
#include "auth_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class Stores : public AuthFixture {};

Verification row(std::string id, std::string identifier, std::string value, TimePoint created,
                 TimePoint expires) {
  return {std::move(id), std::move(identifier), std::move(value), expires, created, created};
}

TEST_F(Stores, VerificationLookupTakesTheNewestUnexpiredRow) {
  const TimePoint t = to_millis(clock_.now());
  auto lease = database_->acquire();
  insert_verification(*lease, row("v1", "reset-password:abc", "old", t - 10s, t + 1h));
  insert_verification(*lease, row("v2", "reset-password:abc", "new", t, t + 1h));
  insert_verification(*lease, row("v3", "reset-password:gone", "x", t - 2h, t - 1h));
  const auto found = find_verification(*lease, "reset-password:abc", t);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->value, "new");
  EXPECT_EQ(found->expires_at, t + 1h);
  EXPECT_FALSE(find_verification(*lease, "reset-password:gone", t));
  EXPECT_FALSE(find_verification(*lease, "reset-password:' OR '1'='1", t));
}

TEST_F(Stores, VerificationIsConsumedOnce) {
  const TimePoint t = to_millis(clock_.now());
  auto lease = database_->acquire();
  insert_verification(*lease, row("c1", "delete-account-x", "user-1", t - 1s, t + 1h));
  insert_verification(*lease, row("c2", "delete-account-x", "user-2", t, t + 1h));
  const auto first = consume_verification(*lease, "delete-account-x", t);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->value, "user-2");
  EXPECT_FALSE(consume_verification(*lease, "delete-account-x", t));
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification")"), 0);
  insert_verification(*lease, row("c3", "expired", "v", t - 2h, t - 1h));
  EXPECT_FALSE(consume_verification(*lease, "expired", t));
  insert_verification(*lease, row("c4", "stale", "v", t - 2h, t - 1h));
  EXPECT_EQ(delete_expired_verifications(*lease, t), 1);
}

TEST_F(Stores, ActiveSessionsExcludeExpiredOnesAndOtherUsers) {
  const auto a = sign_up("a@example.com");
  const auto b = sign_up("b@example.com");
  sign_in(a);
  clock_.advance(1s);
  auto lease = database_->acquire();
  EXPECT_EQ(list_active_sessions(*lease, a.id, to_millis(clock_.now())).size(), 2u);
  EXPECT_EQ(list_active_sessions(*lease, b.id, to_millis(clock_.now())).size(), 1u);
  EXPECT_EQ(list_active_sessions(*lease, a.id, to_millis(clock_.now()) + 8 * 24h).size(), 0u);
  EXPECT_EQ(delete_other_sessions(*lease, a.id, a.token, to_millis(clock_.now())), 1);
  EXPECT_TRUE(find_session(*lease, a.token));
  EXPECT_TRUE(find_session(*lease, b.token));
}

}  // namespace
}  // namespace atrium::auth::testing
