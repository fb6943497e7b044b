#pragma once
// The "session" table.

#include <optional>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "db/connection.hpp"

namespace atrium::auth {

void insert_session(db::Connection& conn, const Session& session);

// The session and its user in one round trip (get-session's hot path).
std::optional<SessionWithUser> find_session_with_user(db::Connection& conn,
                                                      const std::string& token);
// The same read in two halves, for running it through a db::ReadBatcher: its statement (one
// parameter, the token) and the reading of its result.
const char* session_with_user_sql();
std::optional<SessionWithUser> read_session_with_user(db::Result& result);
std::optional<Session> find_session(db::Connection& conn, const std::string& token);

// Sessions of the user that expire after `now`, oldest first, at most 100 (Better Auth's
// adapter default limit).
std::vector<Session> list_active_sessions(db::Connection& conn, const std::string& user_id,
                                          TimePoint now);

// Slides the expiry; returns the row as stored, nullopt when it was deleted meanwhile.
std::optional<Session> update_session_expiry(db::Connection& conn, const std::string& token,
                                             TimePoint expires_at, TimePoint updated_at);

// Each returns the number of rows deleted.
std::int64_t delete_session(db::Connection& conn, const std::string& token);
std::int64_t delete_user_sessions(db::Connection& conn, const std::string& user_id);
// revoke-other-sessions: the user's unexpired sessions except `keep_token`.
std::int64_t delete_other_sessions(db::Connection& conn, const std::string& user_id,
                                   const std::string& keep_token, TimePoint now);

}  // namespace atrium::auth
