#include "auth/session_store.hpp"

#include "auth/db_time.hpp"

namespace atrium::auth {
namespace {

constexpr const char* kColumns =
    R"("id", "token", "userId", "expiresAt", "createdAt", "updatedAt", "ipAddress", "userAgent")";

// Moves the row's strings into the session: the row is read once and then dropped.
Session read_session(db::Row& row) {
  Session s;
  s.id = row.take_text("id");
  s.token = row.take_text("token");
  s.user_id = row.take_text("userId");
  s.expires_at = read_time(row, "expiresAt");
  s.created_at = read_time(row, "createdAt");
  s.updated_at = read_time(row, "updatedAt");
  s.ip_address = row.take_opt_text("ipAddress");
  s.user_agent = row.take_opt_text("userAgent");
  return s;
}

db::Value opt(const std::optional<std::string>& v) {
  return v ? db::Value(*v) : db::Value(db::null);
}

}  // namespace

void insert_session(db::Connection& conn, const Session& s) {
  conn.execute(
      R"(INSERT INTO "session" ("id", "expiresAt", "token", "createdAt", "updatedAt",
  "ipAddress", "userAgent", "userId") VALUES ($1, $2, $3, $4, $5, $6, $7, $8))",
      {s.id, time_value(s.expires_at), s.token, time_value(s.created_at), time_value(s.updated_at),
       opt(s.ip_address), opt(s.user_agent), s.user_id});
}

const char* session_with_user_sql() {
  return R"(SELECT s."id", s."token", s."userId", s."expiresAt",
  s."createdAt", s."updatedAt", s."ipAddress", s."userAgent",
  u."name" AS "u_name", u."email" AS "u_email", u."emailVerified" AS "u_emailVerified",
  u."image" AS "u_image", u."createdAt" AS "u_createdAt", u."updatedAt" AS "u_updatedAt"
FROM "session" s JOIN "user" u ON u."id" = s."userId"
WHERE s."token" = $1
LIMIT 1)";
}

std::optional<SessionWithUser> read_session_with_user(db::Result& result) {
  if (result.empty()) return std::nullopt;
  auto& row = result[0];
  SessionWithUser out;
  out.session = read_session(row);
  out.user.id = out.session.user_id;
  out.user.name = row.take_text("u_name");
  out.user.email = row.take_text("u_email");
  out.user.email_verified = !row.is_null("u_emailVerified") && row.boolean("u_emailVerified");
  out.user.image = row.take_opt_text("u_image");
  out.user.created_at = read_time(row, "u_createdAt");
  out.user.updated_at = read_time(row, "u_updatedAt");
  return out;
}

std::optional<SessionWithUser> find_session_with_user(db::Connection& conn,
                                                      const std::string& token) {
  auto result = conn.query(session_with_user_sql(), {token});
  return read_session_with_user(result);
}

std::optional<Session> find_session(db::Connection& conn, const std::string& token) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + R"( FROM "session" WHERE "token" = $1 LIMIT 1)";
  auto r = conn.query(sql, {token});
  if (r.empty()) return std::nullopt;
  return read_session(r[0]);
}

std::vector<Session> list_active_sessions(db::Connection& conn, const std::string& user_id,
                                          TimePoint now) {
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 R"( FROM "session" WHERE "userId" = $1 AND "expiresAt" > $2
ORDER BY "createdAt", "id" LIMIT 100)";
  auto r = conn.query(sql, {user_id, time_value(now)});
  std::vector<Session> out;
  out.reserve(r.size());
  for (auto& row : r.rows) out.push_back(read_session(row));
  return out;
}

std::optional<Session> update_session_expiry(db::Connection& conn, const std::string& token,
                                             TimePoint expires_at, TimePoint updated_at) {
  static const std::string sql =
      R"(UPDATE "session" SET "expiresAt" = $2, "updatedAt" = $3 WHERE "token" = $1 RETURNING )" +
      std::string(kColumns);
  auto r = conn.query(sql, {token, time_value(expires_at), time_value(updated_at)});
  if (r.empty()) return std::nullopt;
  return read_session(r[0]);
}

std::int64_t delete_session(db::Connection& conn, const std::string& token) {
  return conn.execute(R"(DELETE FROM "session" WHERE "token" = $1)", {token});
}

std::int64_t delete_user_sessions(db::Connection& conn, const std::string& user_id) {
  return conn.execute(R"(DELETE FROM "session" WHERE "userId" = $1)", {user_id});
}

std::int64_t delete_other_sessions(db::Connection& conn, const std::string& user_id,
                                   const std::string& keep_token, TimePoint now) {
  return conn.execute(
      R"(DELETE FROM "session" WHERE "userId" = $1 AND "token" <> $2 AND "expiresAt" > $3)",
      {user_id, keep_token, time_value(now)});
}

}  // namespace atrium::auth
