#include "auth/user_store.hpp"

#include "auth/db_time.hpp"

namespace atrium::auth {
namespace {

constexpr const char* kColumns =
    R"("id", "name", "email", "emailVerified", "image", "createdAt", "updatedAt")";

User read_user(const db::Row& row) {
  User u;
  u.id = row.text("id");
  u.name = row.text("name");
  u.email = row.text("email");
  // Better Auth reads 1 as true and anything else as false.
  u.email_verified = !row.is_null("emailVerified") && row.boolean("emailVerified");
  u.image = row.opt_text("image");
  u.created_at = read_time(row, "createdAt");
  u.updated_at = read_time(row, "updatedAt");
  return u;
}

}  // namespace

std::optional<User> find_user_by_email(db::Connection& conn, const std::string& email) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + R"( FROM "user" WHERE "email" = $1 LIMIT 1)";
  const auto r = conn.query(sql, {email});
  if (r.empty()) return std::nullopt;
  return read_user(r[0]);
}

std::optional<User> find_user_by_id(db::Connection& conn, const std::string& id) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + R"( FROM "user" WHERE "id" = $1 LIMIT 1)";
  const auto r = conn.query(sql, {id});
  if (r.empty()) return std::nullopt;
  return read_user(r[0]);
}

std::optional<UserWithPassword> find_user_with_password(db::Connection& conn,
                                                        const std::string& email) {
  static const std::string sql = R"(SELECT u."id", u."name", u."email", u."emailVerified",
  u."image", u."createdAt", u."updatedAt", a."id" AS "accountRowId", a."password"
FROM "user" u
LEFT JOIN "account" a
  ON a."userId" = u."id" AND a."providerId" = 'credential' AND a."accountId" = u."id"
WHERE u."email" = $1
ORDER BY a."createdAt"
LIMIT 1)";
  const auto r = conn.query(sql, {email});
  if (r.empty()) return std::nullopt;
  UserWithPassword out;
  out.user = read_user(r[0]);
  out.has_credential = !r[0].is_null("accountRowId");
  out.password = r[0].opt_text("password");
  return out;
}

void insert_user(db::Connection& conn, const User& u) {
  conn.execute(
      R"(INSERT INTO "user" ("id", "name", "email", "emailVerified", "image", "createdAt",
  "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7))",
      {u.id, u.name, u.email, u.email_verified, u.image ? db::Value(*u.image) : db::Value(db::null),
       time_value(u.created_at), time_value(u.updated_at)});
}

std::optional<User> update_user_fields(db::Connection& conn, const std::string& id,
                                       const std::optional<std::string>& name,
                                       const std::optional<std::optional<std::string>>& image,
                                       TimePoint updated_at) {
  // Fixed statements (one per combination) rather than SQL assembled per request, so each is
  // prepared once per connection.
  const db::Value image_value = image && *image ? db::Value(**image) : db::Value(db::null);
  db::Result r;
  const std::string returning = std::string(" RETURNING ") + kColumns;
  if (name && image) {
    static const std::string sql =
        R"(UPDATE "user" SET "name" = $2, "image" = $3, "updatedAt" = $4 WHERE "id" = $1)" +
        returning;
    r = conn.query(sql, {id, *name, image_value, time_value(updated_at)});
  } else if (name) {
    static const std::string sql =
        R"(UPDATE "user" SET "name" = $2, "updatedAt" = $3 WHERE "id" = $1)" + returning;
    r = conn.query(sql, {id, *name, time_value(updated_at)});
  } else if (image) {
    static const std::string sql =
        R"(UPDATE "user" SET "image" = $2, "updatedAt" = $3 WHERE "id" = $1)" + returning;
    r = conn.query(sql, {id, image_value, time_value(updated_at)});
  } else {
    static const std::string sql =
        R"(UPDATE "user" SET "updatedAt" = $2 WHERE "id" = $1)" + returning;
    r = conn.query(sql, {id, time_value(updated_at)});
  }
  if (r.empty()) return std::nullopt;
  return read_user(r[0]);
}

std::optional<User> mark_email_verified(db::Connection& conn, const std::string& email,
                                        TimePoint updated_at) {
  static const std::string sql =
      std::string(
          R"(UPDATE "user" SET "emailVerified" = $2, "updatedAt" = $3 WHERE "email" = $1)") +
      " RETURNING " + kColumns;
  const auto r = conn.query(sql, {email, true, time_value(updated_at)});
  if (r.empty()) return std::nullopt;
  return read_user(r[0]);
}

std::optional<User> update_user_email(db::Connection& conn, const std::string& id,
                                      const std::string& email, bool email_verified,
                                      TimePoint updated_at) {
  static const std::string sql =
      std::string(
          R"(UPDATE "user" SET "email" = $2, "emailVerified" = $3, "updatedAt" = $4 WHERE "id" = $1)") +
      " RETURNING " + kColumns;
  const auto r = conn.query(sql, {id, email, email_verified, time_value(updated_at)});
  if (r.empty()) return std::nullopt;
  return read_user(r[0]);
}

}  // namespace atrium::auth
