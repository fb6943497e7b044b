#pragma once
// Alembic's alembic_version table, byte for byte (alembic.md §4.5), and atrium's own
// atrium_revision_checksums beside it. Both are engine tables: no revision creates them and
// `check` leaves them out.

#include <map>
#include <string>
#include <vector>

#include "db/dialect.hpp"
#include "migrate/graph.hpp"

namespace atrium::db {
class Connection;
}

namespace atrium::migrate {

inline constexpr const char* kChecksumTable = "atrium_revision_checksums";

class VersionTable {
 public:
  explicit VersionTable(std::string name = "alembic_version") : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  // SQLAlchemy's CREATE TABLE text as Alembic emits it: tab-indented online, four spaces in
  // offline scripts.
  std::string create_sql(bool offline) const;

  bool exists(db::Connection& conn) const;
  // The stored heads in row order; empty when the table does not exist. `known_to_exist`
  // skips the catalog lookup.
  std::vector<std::string> read(db::Connection& conn, bool known_to_exist = false) const;
  // Applies one change online; an UPDATE or DELETE must hit exactly one row (Alembic's check,
  // which also catches a concurrent runner that got there first). Throws RevisionError.
  void apply(db::Connection& conn, const VersionChange& change) const;
  // The statement Alembic prints offline, without the trailing semicolon.
  std::string offline_sql(const VersionChange& change, db::Dialect dialect) const;
  void purge(db::Connection& conn) const;

 private:
  std::string name_;
};

class ChecksumTable {
 public:
  static std::string create_sql();
  static bool exists(db::Connection& conn);
  static std::map<std::string, std::string> read(db::Connection& conn, bool known_to_exist = false);
  static void record(db::Connection& conn, const std::string& revision, const std::string& sum);
  static void forget(db::Connection& conn, const std::string& revision);
  static std::string record_sql(const std::string& revision, const std::string& sum);
  static std::string forget_sql(const std::string& revision);
};

}  // namespace atrium::migrate
