// list-accounts and unlink-account through HTTP on the backend under test.

#include "auth/account_store.hpp"
#include "auth/db_time.hpp"
#include "auth/json_output.hpp"
#include "auth_fixture.hpp"

namespace atrium::auth::testing {
namespace {

using namespace std::chrono_literals;

class LinkedAccounts : public AuthFixture {
 protected:
  // A GitHub account for the user, with the scopes as an OAuth sign-in stores them.
  std::string add_github_account(const std::string& user_id, const char* scope) {
    const TimePoint t = to_millis(clock_.now());
    Account a{generate_id(system_random()), "gh-" + user_id, "github", user_id, std::nullopt, t, t};
    auto conn = database_->acquire();
    insert_account(*conn, a);
    conn->execute(R"(UPDATE "account" SET "scope" = $2, "accessToken" = 'secret-access' WHERE
"id" = $1)",
                  {a.id, scope});
    return a.id;
  }
};

TEST_F(LinkedAccounts, ListShowsEveryAccountWithoutSecrets) {
  const auto amy = sign_up("amy@example.com");
  clock_.advance(1s);
  const auto github = add_github_account(amy.id, "read:user, user:email,,repo ");
  add_github_account(sign_up("other@example.com").id, "x");

  const auto reply = get("/list-accounts", amy.cookies());
  EXPECT_EQ(reply.status, 200) << reply.body;
  const auto credential = query(
      R"(SELECT "id", "createdAt", "updatedAt" FROM "account" WHERE "userId" = $1 AND
"providerId" = 'credential')",
      {amy.id});
  ASSERT_EQ(credential.size(), 1u);
  const auto at = [&](const db::Row& row, const char* column) {
    std::string s;
    append_iso8601(s, read_time(row, column));
    return s;
  };
  const auto gh = query(R"(SELECT "createdAt" FROM "account" WHERE "id" = $1)", {github});
  const std::string expected =
      R"([{"accountId":")" + amy.id + R"(","providerId":"credential","userId":")" + amy.id +
      R"(","createdAt":")" + at(credential[0], "createdAt") + R"(","updatedAt":")" +
      at(credential[0], "updatedAt") + R"(","id":")" + credential[0].text("id") +
      R"(","scopes":[]},{"accountId":"gh-)" + amy.id + R"(","providerId":"github","userId":")" +
      amy.id + R"(","createdAt":")" + at(gh[0], "createdAt") + R"(","updatedAt":")" +
      at(gh[0], "createdAt") + R"(","id":")" + github +
      R"(","scopes":["read:user","user:email","repo"]}])";
  EXPECT_EQ(reply.body, expected);
  EXPECT_EQ(reply.body.find("secret-access"), std::string::npos);
  EXPECT_EQ(reply.body.find("password"), std::string::npos);

  EXPECT_EQ(get("/list-accounts").status, 401);
}

TEST_F(LinkedAccounts, UnlinkRemovesOneButNeverTheLast) {
  const auto ann = sign_up("ann@example.com");
  const auto credential = query(R"(SELECT "id" FROM "account" WHERE "userId" = $1)", {ann.id});
  ASSERT_EQ(credential.size(), 1u);
  const std::string credential_id = credential[0].text("id");

  const auto last =
      post("/unlink-account", boost::json::object{{"accountId", credential_id}}, ann.cookies());
  EXPECT_EQ(last.status, 400);
  EXPECT_EQ(code_of(last), "FAILED_TO_UNLINK_LAST_ACCOUNT");
  EXPECT_EQ(message_of(last), "You can't unlink your last account");

  const auto github = add_github_account(ann.id, "read:user");
  const auto someone = sign_up("someone@example.com");
  const auto theirs = add_github_account(someone.id, "read:user");
  const auto not_hers =
      post("/unlink-account", boost::json::object{{"accountId", theirs}}, ann.cookies());
  EXPECT_EQ(not_hers.status, 400);
  EXPECT_EQ(code_of(not_hers), "ACCOUNT_NOT_FOUND");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account" WHERE "id" = $1)", {theirs}), 1);

  const auto done =
      post("/unlink-account", boost::json::object{{"accountId", github}}, ann.cookies());
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, R"({"status":true})");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account" WHERE "userId" = $1)", {ann.id}), 1);
}

TEST_F(LinkedAccounts, UnlinkingAllWhenAllowed) {
  options_.allow_unlinking_all = true;
  restart();
  const auto ava = sign_up("ava@example.com");
  const auto id =
      query(R"(SELECT "id" FROM "account" WHERE "userId" = $1)", {ava.id})[0].text("id");
  const auto done = post("/unlink-account", boost::json::object{{"accountId", id}}, ava.cookies());
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account" WHERE "userId" = $1)", {ava.id}), 0);
  EXPECT_EQ(get("/list-accounts", ava.cookies()).body, "[]");
}

TEST_F(LinkedAccounts, UnlinkNeedsAFreshSession) {
  const auto abe = sign_up("abe@example.com");
  const auto github = add_github_account(abe.id, "");
  clock_.advance(options_.session_fresh_age + 1s);
  const auto stale =
      post("/unlink-account", boost::json::object{{"accountId", github}}, abe.cookies());
  EXPECT_EQ(stale.status, 403);
  EXPECT_EQ(code_of(stale), "SESSION_NOT_FRESH");
  EXPECT_EQ(count(R"(SELECT count(*) FROM "account" WHERE "id" = $1)", {github}), 1);
}

}  // namespace
}  // namespace atrium::auth::testing
