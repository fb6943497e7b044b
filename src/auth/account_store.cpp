#include "auth/account_store.hpp"

#include "auth/db_time.hpp"

namespace atrium::auth {

void insert_account(db::Connection& conn, const Account& a) {
  conn.execute(
      R"(INSERT INTO "account" ("id", "accountId", "providerId", "userId", "password",
  "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7))",
      {a.id, a.account_id, a.provider_id, a.user_id,
       a.password ? db::Value(*a.password) : db::Value(db::null), time_value(a.created_at),
       time_value(a.updated_at)});
}

std::optional<Account> find_credential_account(db::Connection& conn, const std::string& user_id) {
  const auto r = conn.query(
      R"(SELECT "id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt"
FROM "account" WHERE "userId" = $1 AND "providerId" = 'credential' AND "accountId" = $1
ORDER BY "createdAt" LIMIT 1)",
      {user_id});
  if (r.empty()) return std::nullopt;
  const auto& row = r[0];
  Account a;
  a.id = row.text("id");
  a.account_id = row.text("accountId");
  a.provider_id = row.text("providerId");
  a.user_id = row.text("userId");
  a.password = row.opt_text("password");
  a.created_at = read_time(row, "createdAt");
  a.updated_at = read_time(row, "updatedAt");
  return a;
}

bool update_account_password(db::Connection& conn, const std::string& account_row_id,
                             const std::string& password_hash, TimePoint updated_at) {
  return conn.execute(R"(UPDATE "account" SET "password" = $2, "updatedAt" = $3 WHERE "id" = $1)",
                      {account_row_id, password_hash, time_value(updated_at)}) > 0;
}

std::vector<LinkedAccount> list_user_accounts(db::Connection& conn, const std::string& user_id) {
  const auto r = conn.query(
      R"(SELECT "id", "accountId", "providerId", "userId", "scope", "createdAt", "updatedAt"
FROM "account" WHERE "userId" = $1 ORDER BY "createdAt", "id" LIMIT 100)",
      {user_id});
  std::vector<LinkedAccount> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    LinkedAccount a;
    a.id = row.text("id");
    a.account_id = row.text("accountId");
    a.provider_id = row.text("providerId");
    a.user_id = row.text("userId");
    a.scope = row.opt_text("scope");
    a.created_at = read_time(row, "createdAt");
    a.updated_at = read_time(row, "updatedAt");
    out.push_back(std::move(a));
  }
  return out;
}

std::int64_t delete_account(db::Connection& conn, const std::string& account_row_id) {
  return conn.execute(R"(DELETE FROM "account" WHERE "id" = $1)", {account_row_id});
}

}  // namespace atrium::auth
