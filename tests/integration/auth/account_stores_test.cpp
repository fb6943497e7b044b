// The account flows' store functions on their own, against the real tables: the throttled
// sweep of expired verification rows, and deleting a user with everything that refers to it
// by the foreign keys' cascades.

#include "account_flow_fixture.hpp"
#include "auth/db_time.hpp"
#include "auth/user_deletion_store.hpp"
#include "auth/verification_store.hpp"
#include "db/transaction.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class AccountStores : public AccountFlowFixture {};

TEST(VerificationCleanupThrottle, DueAtMostOncePerMinute) {
  VerificationCleanup cleanup;
  const TimePoint t = to_millis(std::chrono::system_clock::now());
  EXPECT_TRUE(cleanup.due(t));
  EXPECT_FALSE(cleanup.due(t));
  EXPECT_FALSE(cleanup.due(t + 59s));
  EXPECT_TRUE(cleanup.due(t + 60s));
  EXPECT_FALSE(cleanup.due(t + 61s));
}

TEST_F(AccountStores, LookupSweepsExpiredRowsWhenTheCleanupIsDue) {
  const TimePoint t = to_millis(clock_.now());
  auto lease = database_->acquire();
  const auto row = [&](const char* id, const char* identifier, TimePoint expires) {
    insert_verification(*lease, {id, identifier, "v", expires, t - 2h, t - 2h});
  };
  row("a", "reset-password:expired", t - 1h);
  row("b", "reset-password:live", t + 1h);
  VerificationCleanup cleanup;
  EXPECT_TRUE(find_verification(*lease, "reset-password:live", t, cleanup));
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification" WHERE "id" = 'a')"), 0);
  row("c", "delete-account-expired", t - 1s);
  EXPECT_TRUE(find_verification(*lease, "reset-password:live", t + 30s, cleanup));
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification" WHERE "id" = 'c')"), 1);
  EXPECT_TRUE(find_verification(*lease, "reset-password:live", t + 60s, cleanup));
  EXPECT_EQ(count(R"(SELECT count(*) FROM "verification")"), 1);
}

TEST_F(AccountStores, DeletingAUserCascadesToEveryTableThatRefersToIt) {
  const auto kim = sign_up("kim@example.com");
  const auto lee = sign_up("lee@example.com");
  sign_in(kim);
  add_learner_rows(kim.id);
  add_learner_rows(lee.id);
  const auto lee_rows = rows_of(lee.id);
  ASSERT_EQ(rows_of(kim.id), lee_rows + 1);  // her second session
  {
    auto lease = database_->acquire();
    EXPECT_TRUE(delete_user_with_dependents(*lease, kim.id));
    EXPECT_FALSE(delete_user_with_dependents(*lease, kim.id));
  }
  EXPECT_EQ(rows_of(kim.id), 0);
  EXPECT_EQ(rows_of(lee.id), lee_rows);
  EXPECT_EQ(messages_total(), 4);
}

TEST_F(AccountStores, ADeletionRolledBackLeavesEverything) {
  const auto kim = sign_up("kim@example.com");
  add_learner_rows(kim.id);
  const auto before = rows_of(kim.id);
  {
    auto lease = database_->acquire();
    db::Transaction tx(*lease);
    EXPECT_TRUE(delete_user_with_dependents(*lease, kim.id));
    tx.rollback();
  }
  EXPECT_EQ(rows_of(kim.id), before);
}

}  // namespace
}  // namespace atrium::auth::testing
