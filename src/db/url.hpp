#pragma once
// Database URLs in SQLAlchemy's spelling, so the seed's settings work unchanged:
//   sqlite:///relative/path.db   sqlite:////absolute/path.db   sqlite://  (in memory)
//   postgres://… or postgresql://… (also postgresql+psycopg2://…) with every libpq parameter.

#include <string>

#include "db/dialect.hpp"

namespace atrium::db {

struct DatabaseUrl {
  Dialect dialect = Dialect::sqlite;
  std::string sqlite_path;  // empty = in memory
  std::string pg_conninfo;  // a libpq URI, driver suffix removed
  std::string redacted;     // the URL with any password shown as XXXXX, for logs and output
  // The server runs on this machine (SQLite always; PostgreSQL on a Unix socket or loopback).
  bool server_on_this_machine = true;
};

// Throws ConfigError (core/config.hpp) with one readable line on a URL it cannot use.
DatabaseUrl parse_database_url(const std::string& url);

}  // namespace atrium::db
