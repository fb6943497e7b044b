#include "learn/chat_store.hpp"

#include "db/transaction.hpp"
#include "learn/db_values.hpp"

namespace atrium::learn {
namespace {

constexpr std::string_view kSessionColumns =
    "SELECT s.session_id, s.user_id, s.created_at, s.updated_at, "
    "(SELECT COUNT(*) FROM chat_messages m WHERE m.session_id = s.session_id) AS message_count "
    "FROM chat_sessions s ";

constexpr std::string_view kMessageColumns =
    "SELECT message_id, session_id, role, content, citations, created_at FROM chat_messages ";

db::Value caller_value(const std::optional<std::string>& caller) {
  if (!caller) return db::null;
  return *caller;
}

ChatSession read_session(const db::Row& r) {
  return {r.text("session_id"), r.opt_text("user_id"), read_time(r, "created_at"),
          read_time(r, "updated_at"), r.integer("message_count")};
}

ChatMessage read_message(const db::Row& r) {
  return {r.text("message_id"), r.text("session_id"),      r.text("role"),
          r.text("content"),    read_json(r, "citations"), read_time(r, "created_at")};
}

template <class T, class Key>
Page<T> make_page(std::vector<T> rows, std::size_t limit, Key key) {
  Page<T> page;
  if (rows.size() > limit) {
    rows.resize(limit);
    page.next = key(rows.back());
  }
  page.items = std::move(rows);
  return page;
}

}  // namespace

ChatSession create_chat_session(db::Connection& conn, const std::optional<std::string>& user_id,
                                TimePoint now, RandomSource& random) {
  ChatSession s{generate_uuid_v4(random), user_id, to_millis(now), to_millis(now), 0};
  conn.execute(
      "INSERT INTO chat_sessions (session_id, user_id, created_at, updated_at) "
      "VALUES ($1, $2, $3, $3)",
      {s.session_id, caller_value(user_id), time_value(s.created_at)});
  return s;
}

std::optional<ChatSession> find_chat_session(db::Connection& conn, const std::string& session_id,
                                             const std::optional<std::string>& caller) {
  const auto rows =
      conn.query(std::string(kSessionColumns) +
                     "WHERE s.session_id = $1 AND (s.user_id IS NULL OR s.user_id = $2)",
                 {session_id, caller_value(caller)});
  if (rows.empty()) return std::nullopt;
  return read_session(rows[0]);
}

bool chat_session_visible(db::Connection& conn, const std::string& session_id,
                          const std::optional<std::string>& caller) {
  return !conn.query(
                  "SELECT 1 FROM chat_sessions WHERE session_id = $1 AND "
                  "(user_id IS NULL OR user_id = $2)",
                  {session_id, caller_value(caller)})
              .empty();
}

Page<ChatSession> list_chat_sessions(db::Connection& conn, const std::string& user_id,
                                     const std::optional<Cursor>& after, std::size_t limit) {
  const auto fetch = static_cast<std::int64_t>(limit + 1);
  db::Result rows;
  if (after) {
    rows = conn.query(std::string(kSessionColumns) +
                          "WHERE s.user_id = $1 AND (s.created_at < $2 OR "
                          "(s.created_at = $2 AND s.session_id < $3)) "
                          "ORDER BY s.created_at DESC, s.session_id DESC LIMIT $4",
                      {user_id, precise_time_value(conn.dialect(), after->at), after->id, fetch});
  } else {
    rows = conn.query(std::string(kSessionColumns) +
                          "WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.session_id DESC "
                          "LIMIT $2",
                      {user_id, fetch});
  }
  std::vector<ChatSession> sessions;
  for (const auto& r : rows) sessions.push_back(read_session(r));
  return make_page(std::move(sessions), limit, [](const ChatSession& s) {
    return Cursor{s.created_at, s.session_id};
  });
}

bool delete_chat_session(db::Connection& conn, const std::string& session_id,
                         const std::optional<std::string>& caller) {
  // chat_messages go by ON DELETE CASCADE (SQLite connections run with foreign_keys=ON).
  return conn.execute(
             "DELETE FROM chat_sessions WHERE session_id = $1 AND "
             "(user_id IS NULL OR user_id = $2)",
             {session_id, caller_value(caller)}) == 1;
}

ClaimResult claim_chat_session(db::Connection& conn, const std::string& session_id,
                               const std::string& user_id, TimePoint /*now*/) {
  const auto changed = conn.execute(
      "UPDATE chat_sessions SET user_id = $2 WHERE session_id = $1 AND user_id IS NULL",
      {session_id, user_id});
  if (changed == 1) return ClaimResult::claimed;
  const auto rows =
      conn.query("SELECT user_id FROM chat_sessions WHERE session_id = $1", {session_id});
  if (!rows.empty() && rows[0].opt_text("user_id") == user_id) return ClaimResult::already_owned;
  return ClaimResult::not_found;
}

std::optional<ChatMessage> append_chat_message(db::Connection& conn, const std::string& session_id,
                                               const std::optional<std::string>& caller,
                                               const NewMessage& message, TimePoint now,
                                               RandomSource& random) {
  db::Transaction tx(conn);
  now = to_millis(now);
  // Checks access and takes the session row's lock, so appends to one session serialise and
  // the MAX below is stable until commit.
  const auto visible = conn.execute(
      "UPDATE chat_sessions SET updated_at = $3 WHERE session_id = $1 AND "
      "(user_id IS NULL OR user_id = $2)",
      {session_id, caller_value(caller), time_value(now)});
  if (visible != 1) return std::nullopt;
  const auto last = conn.query(
      "SELECT MAX(created_at) AS at FROM chat_messages WHERE session_id = $1", {session_id});
  ChatMessage m{generate_uuid_v4(random),
                session_id,
                message.role,
                message.content,
                message.citations ? boost::json::value(*message.citations) : nullptr,
                next_in_sequence(now, read_opt_time(last[0], "at"))};
  conn.execute(
      "INSERT INTO chat_messages (message_id, session_id, role, content, citations, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {m.message_id, m.session_id, m.role, m.content, json_value(m.citations),
       time_value(m.created_at)});
  if (m.created_at != now) {
    conn.execute("UPDATE chat_sessions SET updated_at = $2 WHERE session_id = $1",
                 {session_id, time_value(m.created_at)});
  }
  tx.commit();
  return m;
}

Page<ChatMessage> list_chat_messages(db::Connection& conn, const std::string& session_id,
                                     const std::optional<Cursor>& after, std::size_t limit) {
  const auto fetch = static_cast<std::int64_t>(limit + 1);
  db::Result rows;
  if (after) {
    rows =
        conn.query(std::string(kMessageColumns) +
                       "WHERE session_id = $1 AND (created_at > $2 OR "
                       "(created_at = $2 AND message_id > $3)) "
                       "ORDER BY created_at, message_id LIMIT $4",
                   {session_id, precise_time_value(conn.dialect(), after->at), after->id, fetch});
  } else {
    rows = conn.query(std::string(kMessageColumns) +
                          "WHERE session_id = $1 ORDER BY created_at, message_id LIMIT $2",
                      {session_id, fetch});
  }
  std::vector<ChatMessage> messages;
  for (const auto& r : rows) messages.push_back(read_message(r));
  return make_page(std::move(messages), limit, [](const ChatMessage& m) {
    return Cursor{m.created_at, m.message_id};
  });
}

}  // namespace atrium::learn
