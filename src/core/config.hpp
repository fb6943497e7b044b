#pragma once
// atrium's settings, read from the environment with the names people already use
// (DESIGN.md "Runs on"). A missing or invalid setting is a ConfigError: main prints its one
// line and exits 2.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace atrium {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Environment { development, production };

struct VersionedSecret {
  std::string version;  // empty for a plain BETTER_AUTH_SECRET
  std::string value;
};

struct Config {
  Environment environment = Environment::development;

  std::string database_url;            // SQLAlchemy spelling
  bool database_is_default = false;    // the embedded ./atrium.db: `serve` migrates it on start
  bool pg_pooler_transaction = false;  // ATRIUM_PG_POOLER=transaction

  // The first is the current secret (signing); the rest only decrypt (rotation).
  std::vector<VersionedSecret> secrets;
  bool secret_generated = false;  // development: kept in a 0600 file beside the database
  std::string base_url;           // BETTER_AUTH_URL, e.g. http://localhost:3000
  std::vector<std::string> trusted_origins;

  std::string host = "127.0.0.1";
  std::uint16_t port = 3000;

  bool rate_limit = false;
  std::string rate_limit_storage = "memory";  // memory | database
  std::vector<std::string> trusted_proxies;

  std::string mail_transport = "log";  // log | file | smtp
  std::string mail_dir;
  std::string smtp_url;
  std::string smtp_ca_file;  // ATRIUM_SMTP_CA_FILE: trust these CAs instead of the system's
  std::string mail_from = "atrium <no-reply@localhost>";  // ATRIUM_MAIL_FROM
  std::string mail_templates_dir;                         // ATRIUM_MAIL_TEMPLATES

  std::vector<std::string> admin_emails;
  std::string metrics_token;

  unsigned worker_threads = 0;      // 0: derived from the core count
  unsigned io_threads = 0;          // ATRIUM_IO_THREADS; 0: one per core
  unsigned db_pool_size = 0;        // ATRIUM_DB_POOL_SIZE; 0: see serve.cpp
  std::string log_format = "text";  // text | json
  std::string log_level = "info";

  const std::string& current_secret() const { return secrets.front().value; }
  bool is_production() const { return environment == Environment::production; }
};

// Reads a variable; returns nullopt when unset or empty.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// Resolves everything except the development secret file, which needs the database location
// (see secret_file.hpp). Throws ConfigError.
Config load_config(const EnvLookup& env);

// The switches and durations other layers read from the environment, with the same errors.
bool parse_switch(const std::string& name,
                  const std::string& value);  // on|off|true|false|1|0|yes|no
std::chrono::seconds parse_seconds(const std::string& name, const std::string& value);

// The comma-separated list form used by BETTER_AUTH_TRUSTED_ORIGINS and friends.
std::vector<std::string> split_list(const std::string& text);

}  // namespace atrium
