#pragma once
// The "account" table: for e-mail and password only the credential account matters.

#include <optional>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

void insert_account(db::Connection& conn, const Account& account);

// The user's credential account (userId = U AND providerId = 'credential' AND accountId = U).
std::optional<Account> find_credential_account(db::Connection& conn, const std::string& user_id);

// Returns false when the account row is gone.
bool update_account_password(db::Connection& conn, const std::string& account_row_id,
                             const std::string& password_hash, TimePoint updated_at);

// An account as list-accounts shows it: no tokens, no password.
struct LinkedAccount {
  std::string id;
  std::string account_id;
  std::string provider_id;
  std::string user_id;
  std::optional<std::string> scope;  // comma-separated, as OAuth providers grant them
  TimePoint created_at;
  TimePoint updated_at;
};

// Every account of the user, oldest first, at most 100 (Better Auth's findMany default).
std::vector<LinkedAccount> list_user_accounts(db::Connection& conn, const std::string& user_id);

// Returns the number of rows deleted (0 or 1).
std::int64_t delete_account(db::Connection& conn, const std::string& account_row_id);

}  // namespace atrium::auth
