#include "auth/verification_store.hpp"

#include "auth/db_time.hpp"
#include "db/transaction.hpp"

namespace atrium::auth {
namespace {

constexpr const char* kColumns =
    R"("id", "identifier", "value", "expiresAt", "createdAt", "updatedAt")";

Verification read_verification(const db::Row& row) {
  Verification v;
  v.id = row.text("id");
  v.identifier = row.text("identifier");
  v.value = row.text("value");
  v.expires_at = read_time(row, "expiresAt");
  v.created_at = read_time(row, "createdAt");
  v.updated_at = read_time(row, "updatedAt");
  return v;
}

}  // namespace

void insert_verification(db::Connection& conn, const Verification& v) {
  conn.execute(
      R"(INSERT INTO "verification" ("id", "identifier", "value", "expiresAt", "createdAt",
  "updatedAt") VALUES ($1, $2, $3, $4, $5, $6))",
      {v.id, v.identifier, v.value, time_value(v.expires_at), time_value(v.created_at),
       time_value(v.updated_at)});
}

bool VerificationCleanup::due(TimePoint now) {
  const auto now_ms = epoch_ms(now);
  auto next = next_ms_.load();
  while (now_ms >= next) {
    if (next_ms_.compare_exchange_weak(next, now_ms + kInterval.count())) return true;
  }
  return false;
}

VerificationCleanup& process_verification_cleanup() {
  static VerificationCleanup cleanup;
  return cleanup;
}

std::optional<Verification> find_verification(db::Connection& conn, const std::string& identifier,
                                              TimePoint now) {
  return find_verification(conn, identifier, now, process_verification_cleanup());
}

std::optional<Verification> find_verification(db::Connection& conn, const std::string& identifier,
                                              TimePoint now, VerificationCleanup& cleanup) {
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 R"( FROM "verification" WHERE "identifier" = $1
ORDER BY "createdAt" DESC, "id" DESC LIMIT 1)";
  const auto r = conn.query(sql, {identifier});
  if (cleanup.due(now)) delete_expired_verifications(conn, now);
  if (r.empty()) return std::nullopt;
  auto v = read_verification(r[0]);
  if (v.expires_at <= now) return std::nullopt;
  return v;
}

std::optional<Verification> consume_verification(db::Connection& conn,
                                                 const std::string& identifier, TimePoint now) {
  // DELETE … RETURNING is atomic on both dialects: a second consumer deletes nothing.
  static const std::string sql =
      std::string(R"(DELETE FROM "verification" WHERE "identifier" = $1 RETURNING )") + kColumns;
  db::Transaction tx(conn);
  const auto r = conn.query(sql, {identifier});
  tx.commit();
  std::optional<Verification> newest;
  for (const auto& row : r) {
    auto v = read_verification(row);
    if (!newest || v.created_at > newest->created_at ||
        (v.created_at == newest->created_at && v.id > newest->id)) {
      newest = std::move(v);
    }
  }
  if (!newest || newest->expires_at <= now) return std::nullopt;
  return newest;
}

std::int64_t delete_expired_verifications(db::Connection& conn, TimePoint now) {
  return conn.execute(R"(DELETE FROM "verification" WHERE "expiresAt" < $1)", {time_value(now)});
}

}  // namespace atrium::auth
