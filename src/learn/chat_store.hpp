#pragma once
// chat_sessions and chat_messages rows. Access is decided in the SQL itself: a session is
// visible to a caller when it is anonymous (user_id NULL) or theirs, so another user's session
// is indistinguishable from one that does not exist (404, never 403), and the check cannot race
// with the statement it guards.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "db/connection.hpp"
#include "learn/chat.hpp"
#include "learn/cursor.hpp"

namespace atrium::learn {

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<Cursor> next;  // set when more items follow
};

ChatSession create_chat_session(db::Connection& conn, const std::optional<std::string>& user_id,
                                TimePoint now, RandomSource& random);

// The session when `caller` (nullopt for a visitor) may see it.
std::optional<ChatSession> find_chat_session(db::Connection& conn, const std::string& session_id,
                                             const std::optional<std::string>& caller);

// Whether `caller` may see the session; cheaper than find_chat_session (no message count).
bool chat_session_visible(db::Connection& conn, const std::string& session_id,
                          const std::optional<std::string>& caller);

// The user's own sessions, newest first (created_at, then session_id, descending).
Page<ChatSession> list_chat_sessions(db::Connection& conn, const std::string& user_id,
                                     const std::optional<Cursor>& after, std::size_t limit);

// False when the caller may not see the session (or it does not exist). Messages go with it.
bool delete_chat_session(db::Connection& conn, const std::string& session_id,
                         const std::optional<std::string>& caller);

enum class ClaimResult { claimed, not_found, already_owned };
// Gives an anonymous session to `user_id`, once. A session the user already owns is
// already_owned; another user's is not_found.
ClaimResult claim_chat_session(db::Connection& conn, const std::string& session_id,
                               const std::string& user_id, TimePoint now);

struct NewMessage {
  std::string role;
  std::string content;
  std::optional<boost::json::array> citations;
};

// Appends a message and bumps the session's updated_at in one transaction; nullopt when the
// caller may not see the session. created_at strictly increases within a session, so
// (created_at, message_id) order is the order messages were appended.
std::optional<ChatMessage> append_chat_message(db::Connection& conn, const std::string& session_id,
                                               const std::optional<std::string>& caller,
                                               const NewMessage& message, TimePoint now,
                                               RandomSource& random);

// Oldest first, after the cursor.
Page<ChatMessage> list_chat_messages(db::Connection& conn, const std::string& session_id,
                                     const std::optional<Cursor>& after, std::size_t limit);

}  // namespace atrium::learn
