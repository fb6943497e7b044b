#include "db/url.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/config.hpp"
#include "db/loopback_host.hpp"
#include "db/postgres/libpq.hpp"

namespace atrium::db {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Masks the password in `user:password@host` and in a `password=` query parameter, so the
// URL can be logged and printed.
std::string redact(std::string_view url) {
  std::string out(url);
  auto scheme_end = out.find("://");
  if (scheme_end == std::string::npos) return out;
  auto authority_begin = scheme_end + 3;
  auto authority_end = out.find_first_of("/?", authority_begin);
  if (authority_end == std::string::npos) authority_end = out.size();
  auto at = out.rfind('@', authority_end);
  if (at != std::string::npos && at >= authority_begin) {
    auto colon = out.find(':', authority_begin);
    if (colon != std::string::npos && colon < at) {
      out.replace(colon + 1, at - colon - 1, "XXXXX");
    }
  }
  auto query = out.find('?');
  while (query != std::string::npos) {
    auto key_begin = query + 1;
    auto next = out.find('&', key_begin);
    auto key_end = out.find('=', key_begin);
    if (key_end != std::string::npos && (next == std::string::npos || key_end < next) &&
        lower(std::string_view(out).substr(key_begin, key_end - key_begin)) == "password") {
      auto value_end = next == std::string::npos ? out.size() : next;
      out.replace(key_end + 1, value_end - key_end - 1, "XXXXX");
      next = out.find('&', key_end);
    }
    query = next;
  }
  return out;
}

[[noreturn]] void bad(const std::string& redacted, const std::string& why) {
  throw ConfigError("invalid database URL '" + redacted + "': " + why);
}

DatabaseUrl parse_sqlite(std::string_view rest, const std::string& redacted) {
  DatabaseUrl out;
  out.dialect = Dialect::sqlite;
  out.redacted = redacted;
  if (rest.empty()) return out;  // sqlite:// is an in-memory database
  if (rest.front() != '/') {
    bad(redacted,
        "a SQLite URL names no host; use sqlite:///relative.db, sqlite:////absolute.db or "
        "sqlite:// (in memory)");
  }
  rest.remove_prefix(1);
  if (rest.find('?') != std::string_view::npos) {
    bad(redacted, "SQLite URLs take no query parameters here");
  }
  if (rest.empty()) bad(redacted, "no database file after sqlite:///");
  // SQLAlchemy passes the path through without percent-decoding; so do we.
  if (rest != ":memory:") out.sqlite_path = std::string(rest);
  return out;
}

DatabaseUrl parse_postgres(std::string_view rest, const std::string& redacted) {
  DatabaseUrl out;
  out.dialect = Dialect::postgresql;
  out.redacted = redacted;
  // libpq understands postgresql:// URIs with every connection parameter as a query
  // parameter; only SQLAlchemy's driver suffix has to go.
  out.pg_conninfo = "postgresql://" + std::string(rest);
  char* error = nullptr;
  PQconninfoOption* options = postgres::libpq().PQconninfoParse(out.pg_conninfo.c_str(), &error);
  if (options == nullptr) {
    std::string why = error ? error : "libpq cannot parse it";
    if (error) postgres::libpq().PQfreemem(error);
    while (!why.empty() && std::isspace(static_cast<unsigned char>(why.back()))) why.pop_back();
    bad(redacted, why);
  }
  // libpq checks ports only when it connects; a typo should fail as configuration.
  std::string bad_port;
  std::string host, hostaddr;
  for (auto* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && std::string_view(o->keyword) == "host") host = o->val;
    if (o->val != nullptr && std::string_view(o->keyword) == "hostaddr") hostaddr = o->val;
    if (std::string_view(o->keyword) != "port" || o->val == nullptr) continue;
    std::string_view ports = o->val;
    while (bad_port.empty()) {
      auto comma = ports.find(',');
      auto port = ports.substr(0, comma);
      if (!port.empty() && (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) {
                              return c >= '0' && c <= '9';
                            }))) {
        bad_port = std::string(port);
      }
      if (comma == std::string_view::npos) break;
      ports.remove_prefix(comma + 1);
    }
  }
  postgres::libpq().PQconninfoFree(options);
  if (!bad_port.empty()) bad(redacted, "port '" + bad_port + "' is not a port number");
  // Where libpq will connect: hostaddr over host, and the environment when the URL names
  // neither (then, failing that, the local Unix socket).
  const auto env = process_environment();
  if (hostaddr.empty() && host.empty()) {
    hostaddr = env("PGHOSTADDR").value_or("");
    host = env("PGHOST").value_or("");
  }
  out.server_on_this_machine = names_this_machine(hostaddr.empty() ? host : hostaddr);
  return out;
}

}  // namespace

DatabaseUrl parse_database_url(const std::string& text) {
  const std::string_view url = trim(text);
  const std::string redacted = redact(url);
  if (url.empty()) throw ConfigError("the database URL is empty");
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    bad(redacted, "expected sqlite:///path.db, sqlite:// or postgresql://user@host/dbname");
  }
  const std::string scheme = lower(url.substr(0, scheme_end));
  const std::string_view rest = url.substr(scheme_end + 3);
  const auto plus = scheme.find('+');
  const std::string base = scheme.substr(0, plus);
  if (base == "sqlite") return parse_sqlite(rest, redacted);
  if (base == "postgres" || base == "postgresql") return parse_postgres(rest, redacted);
  bad(redacted, "unsupported scheme '" + scheme + "' (atrium speaks sqlite and postgresql)");
}

}  // namespace atrium::db
