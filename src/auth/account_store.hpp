#pragma once
// The "account" table: for e-mail and password only the credential account matters.

#include <optional>
#include <string>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

void insert_account(db::Connection& conn, const Account& account);

// The user's credential account (userId = U AND providerId = 'credential' AND accountId = U).
std::optional<Account> find_credential_account(db::Connection& conn, const std::string& user_id);

// Returns false when the account row is gone.
bool update_account_password(db::Connection& conn, const std::string& account_row_id,
                             const std::string& password_hash, TimePoint updated_at);

}  // namespace atrium::auth
