#pragma once
// Deleting a user with everything that hangs off it, in one transaction.

#include <string>

#include "db/connection.hpp"

namespace atrium::auth {

// Deletes the user's sessions, accounts and user row in one transaction (nested in the
// caller's, if any). Every other table that refers to the user (profile, questionnaire
// answers, chat sessions and through them their messages) goes by the ON DELETE CASCADE of
// its foreign key, so the auth layer needs no list of other layers' tables; SQLite enforces
// it because every connection turns foreign_keys on. Returns false when the user row was
// already gone.
bool delete_user_with_dependents(db::Connection& conn, const std::string& user_id);

}  // namespace atrium::auth
