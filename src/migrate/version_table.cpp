#include "migrate/version_table.hpp"

#include "db/connection.hpp"
#include "db/error.hpp"
#include "migrate/errors.hpp"
#include "migrate/identifier.hpp"
#include "migrate/introspect.hpp"

namespace atrium::migrate {

using db::Value;

std::string VersionTable::create_sql(bool offline) const {
  const std::string indent = offline ? "    " : "\t";
  return "CREATE TABLE " + quote_ident(name_) + " (\n" + indent +
         "version_num VARCHAR(32) NOT NULL, \n" + indent + "CONSTRAINT " +
         quote_ident(name_ + "_pkc") + " PRIMARY KEY (version_num)\n)";
}

bool VersionTable::exists(db::Connection& conn) const {
  return table_exists(conn, name_);
}

std::vector<std::string> VersionTable::read(db::Connection& conn, bool known_to_exist) const {
  std::vector<std::string> out;
  if (!known_to_exist && !exists(conn)) return out;
  const std::string q = quote_ident(name_);
  std::string sql = "SELECT ";
  sql.append(q).append(".version_num FROM ").append(q);
  for (const auto& row : conn.query(sql)) {
    out.push_back(row.text(0));
  }
  return out;
}

void VersionTable::apply(db::Connection& conn, const VersionChange& change) const {
  const std::string q = quote_ident(name_);
  switch (change.kind) {
    case VersionChange::Kind::insert:
      conn.execute("INSERT INTO " + q + " (version_num) VALUES ($1)", {Value(change.to)});
      return;
    case VersionChange::Kind::remove: {
      auto n = conn.execute("DELETE FROM " + q + " WHERE " + q + ".version_num = $1",
                            {Value(change.from)});
      if (n != 1) {
        throw RevisionError("Online migration expected to match one row when deleting '" +
                            change.from + "' in '" + name_ + "'; " + std::to_string(n) + " found");
      }
      return;
    }
    case VersionChange::Kind::update: {
      auto n = conn.execute("UPDATE " + q + " SET version_num=$1 WHERE " + q + ".version_num = $2",
                            {Value(change.to), Value(change.from)});
      if (n != 1) {
        throw RevisionError("Online migration expected to match one row when updating '" +
                            change.from + "' to '" + change.to + "' in '" + name_ + "'; " +
                            std::to_string(n) + " found");
      }
      return;
    }
  }
}

std::string VersionTable::offline_sql(const VersionChange& change, db::Dialect dialect) const {
  const std::string q = quote_ident(name_);
  switch (change.kind) {
    case VersionChange::Kind::insert: {
      std::string s = "INSERT INTO " + q + " (version_num) VALUES ('" + change.to + "')";
      if (dialect == db::Dialect::postgresql) s += " RETURNING " + q + ".version_num";
      return s;
    }
    case VersionChange::Kind::remove:
      return "DELETE FROM " + q + " WHERE " + q + ".version_num = '" + change.from + "'";
    case VersionChange::Kind::update:
      return "UPDATE " + q + " SET version_num='" + change.to + "' WHERE " + q +
             ".version_num = '" + change.from + "'";
  }
  return {};
}

void VersionTable::purge(db::Connection& conn) const {
  conn.execute("DELETE FROM " + quote_ident(name_));
}

std::string ChecksumTable::create_sql() {
  return std::string("CREATE TABLE IF NOT EXISTS ") + kChecksumTable +
         " (revision varchar(32) NOT NULL PRIMARY KEY, checksum varchar(64) NOT NULL)";
}

bool ChecksumTable::exists(db::Connection& conn) {
  return table_exists(conn, kChecksumTable);
}

std::map<std::string, std::string> ChecksumTable::read(db::Connection& conn, bool known_to_exist) {
  std::map<std::string, std::string> out;
  if (!known_to_exist && !exists(conn)) return out;
  for (const auto& row :
       conn.query(std::string("SELECT revision, checksum FROM ") + kChecksumTable)) {
    out[row.text(0)] = row.text(1);
  }
  return out;
}

void ChecksumTable::record(db::Connection& conn, const std::string& revision,
                           const std::string& sum) {
  conn.execute(std::string("INSERT INTO ") + kChecksumTable +
                   " (revision, checksum) VALUES ($1, $2) ON CONFLICT (revision) DO UPDATE SET "
                   "checksum = excluded.checksum",
               {Value(revision), Value(sum)});
}

void ChecksumTable::forget(db::Connection& conn, const std::string& revision) {
  conn.execute(std::string("DELETE FROM ") + kChecksumTable + " WHERE revision = $1",
               {Value(revision)});
}

std::string ChecksumTable::record_sql(const std::string& revision, const std::string& sum) {
  return std::string("INSERT INTO ") + kChecksumTable + " (revision, checksum) VALUES (" +
         quote_literal(revision) + ", " + quote_literal(sum) +
         ") ON CONFLICT (revision) DO UPDATE SET checksum = excluded.checksum";
}

std::string ChecksumTable::forget_sql(const std::string& revision) {
  return std::string("DELETE FROM ") + kChecksumTable +
         " WHERE revision = " + quote_literal(revision);
}

}  // namespace atrium::migrate
