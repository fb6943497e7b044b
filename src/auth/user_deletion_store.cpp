#include "auth/user_deletion_store.hpp"

#include "db/transaction.hpp"

namespace atrium::auth {

bool delete_user_with_dependents(db::Connection& conn, const std::string& user_id) {
  // Better Auth's deleteUser order: sessions, accounts, then the user. The two explicit
  // deletes cost nothing when the cascade would have done them, and keep a database whose
  // auth tables were made without cascades correct.
  db::Transaction tx(conn);
  conn.execute(R"(DELETE FROM "session" WHERE "userId" = $1)", {user_id});
  conn.execute(R"(DELETE FROM "account" WHERE "userId" = $1)", {user_id});
  const bool deleted = conn.execute(R"(DELETE FROM "user" WHERE "id" = $1)", {user_id}) > 0;
  tx.commit();
  return deleted;
}

}  // namespace atrium::auth
