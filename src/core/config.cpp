#include "core/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <thread>

namespace atrium {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::uint16_t parse_port(const std::string& name, const std::string& value) {
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
  if (ec != std::errc() || ptr != value.data() + value.size() || port > 65535) {
    throw ConfigError(name + " must be a port number from 0 to 65535, not '" + value + "'");
  }
  return static_cast<std::uint16_t>(port);
}

// A thread or connection count: a whole number from 1 to `max`.
unsigned parse_count(const std::string& name, const std::string& value, unsigned max) {
  unsigned n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n == 0 || n > max) {
    throw ConfigError(name + " must be a whole number from 1 to " + std::to_string(max) +
                      ", not '" + value + "'");
  }
  return n;
}

// BETTER_AUTH_SECRETS: "version:secret" entries separated by commas, newest first.
std::vector<VersionedSecret> parse_versioned_secrets(const std::string& text) {
  std::vector<VersionedSecret> out;
  for (const auto& entry : split_list(text)) {
    const auto colon = entry.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
      throw ConfigError("BETTER_AUTH_SECRETS entries must look like <version>:<secret>");
    }
    out.push_back({entry.substr(0, colon), entry.substr(colon + 1)});
  }
  return out;
}

}  // namespace

bool parse_switch(const std::string& name, const std::string& value) {
  if (value == "on" || value == "true" || value == "1" || value == "yes") return true;
  if (value == "off" || value == "false" || value == "0" || value == "no") return false;
  throw ConfigError(name + " must be on or off, not '" + value + "'");
}

std::chrono::seconds parse_seconds(const std::string& name, const std::string& value) {
  long long seconds = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || ptr != value.data() + value.size() || seconds <= 0) {
    throw ConfigError(name + " must be a positive number of seconds, not '" + value + "'");
  }
  return std::chrono::seconds(seconds);
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): read at start-up, before any thread sets a variable
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    auto item = trim(text.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

Config load_config(const EnvLookup& env) {
  Config c;
  if (auto e = env("ATRIUM_ENV")) {
    if (*e == "production") {
      c.environment = Environment::production;
    } else if (*e != "development") {
      throw ConfigError("ATRIUM_ENV must be development or production, not '" + *e + "'");
    }
  }

  if (auto url = env("DATABASE_URL")) {
    c.database_url = *url;
  } else if (auto neon = env("NEON_DATABASE_URL")) {
    c.database_url = *neon;
  } else {
    c.database_url = "sqlite:///atrium.db";
    c.database_is_default = true;
  }
  if (auto pooler = env("ATRIUM_PG_POOLER")) {
    if (*pooler == "transaction") {
      c.pg_pooler_transaction = true;
    } else if (*pooler != "none" && *pooler != "session") {
      throw ConfigError("ATRIUM_PG_POOLER must be transaction, session or none, not '" + *pooler +
                        "'");
    }
  }

  if (auto many = env("BETTER_AUTH_SECRETS")) {
    c.secrets = parse_versioned_secrets(*many);
  }
  if (auto one = env("BETTER_AUTH_SECRET")) {
    c.secrets.push_back({"", *one});
  } else if (auto legacy = env("AUTH_SECRET")) {
    c.secrets.push_back({"", *legacy});
  }
  if (auto url = env("BETTER_AUTH_URL")) c.base_url = *url;
  if (auto origins = env("BETTER_AUTH_TRUSTED_ORIGINS")) c.trusted_origins = split_list(*origins);

  if (c.is_production()) {
    if (c.secrets.empty()) {
      throw ConfigError("BETTER_AUTH_SECRET must be set in production (32 or more characters)");
    }
    if (c.current_secret().size() < 32) {
      throw ConfigError("BETTER_AUTH_SECRET must have at least 32 characters in production");
    }
    if (c.base_url.empty()) throw ConfigError("BETTER_AUTH_URL must be set in production");
  }
  if (!c.base_url.empty() && c.base_url.rfind("http://", 0) != 0 &&
      c.base_url.rfind("https://", 0) != 0) {
    throw ConfigError("BETTER_AUTH_URL must start with http:// or https://, not '" + c.base_url +
                      "'");
  }

  if (auto host = env("ATRIUM_HOST")) c.host = *host;
  if (auto port = env("ATRIUM_PORT")) c.port = parse_port("ATRIUM_PORT", *port);

  c.rate_limit = c.is_production();
  if (auto rl = env("ATRIUM_RATE_LIMIT")) c.rate_limit = parse_switch("ATRIUM_RATE_LIMIT", *rl);
  if (auto storage = env("ATRIUM_RATE_LIMIT_STORAGE")) {
    if (*storage != "memory" && *storage != "database") {
      throw ConfigError("ATRIUM_RATE_LIMIT_STORAGE must be memory or database, not '" + *storage +
                        "'");
    }
    c.rate_limit_storage = *storage;
  }
  if (auto proxies = env("ATRIUM_TRUSTED_PROXIES")) c.trusted_proxies = split_list(*proxies);

  if (auto t = env("ATRIUM_MAIL_TRANSPORT")) c.mail_transport = *t;
  if (c.mail_transport != "log" && c.mail_transport != "file" && c.mail_transport != "smtp") {
    throw ConfigError("ATRIUM_MAIL_TRANSPORT must be log, file or smtp, not '" + c.mail_transport +
                      "'");
  }
  if (c.is_production() && c.mail_transport == "log") {
    if (env("ATRIUM_MAIL_TRANSPORT")) {
      throw ConfigError(
          "ATRIUM_MAIL_TRANSPORT=log is refused in production: it writes tokens to the log");
    }
  }
  if (auto dir = env("ATRIUM_MAIL_DIR")) c.mail_dir = *dir;
  if (auto smtp = env("ATRIUM_SMTP_URL")) c.smtp_url = *smtp;
  if (auto ca = env("ATRIUM_SMTP_CA_FILE")) c.smtp_ca_file = *ca;
  if (auto from = env("ATRIUM_MAIL_FROM")) c.mail_from = *from;
  if (auto templates = env("ATRIUM_MAIL_TEMPLATES")) c.mail_templates_dir = *templates;
  if (c.mail_transport == "file" && c.mail_dir.empty()) {
    throw ConfigError("ATRIUM_MAIL_DIR must be set when ATRIUM_MAIL_TRANSPORT=file");
  }
  if (c.mail_transport == "smtp" && c.smtp_url.empty()) {
    throw ConfigError("ATRIUM_SMTP_URL must be set when ATRIUM_MAIL_TRANSPORT=smtp");
  }

  if (auto admins = env("ATRIUM_ADMIN_EMAILS")) {
    for (auto& a : split_list(*admins)) {
      std::transform(a.begin(), a.end(), a.begin(),
                     [](unsigned char ch) { return std::tolower(ch); });
      c.admin_emails.push_back(a);
    }
  }
  if (auto token = env("ATRIUM_METRICS_TOKEN")) c.metrics_token = *token;
  if (auto w = env("ATRIUM_WORKERS")) c.worker_threads = parse_count("ATRIUM_WORKERS", *w, 1024);
  if (auto w = env("ATRIUM_DB_POOL_SIZE")) {
    c.db_pool_size = parse_count("ATRIUM_DB_POOL_SIZE", *w, 1024);
  }
  if (auto w = env("ATRIUM_IO_THREADS")) c.io_threads = parse_count("ATRIUM_IO_THREADS", *w, 256);
  if (auto f = env("ATRIUM_LOG_FORMAT")) {
    if (*f != "text" && *f != "json") {
      throw ConfigError("ATRIUM_LOG_FORMAT must be text or json, not '" + *f + "'");
    }
    c.log_format = *f;
  }
  if (auto l = env("ATRIUM_LOG_LEVEL")) {
    static const char* levels[] = {"trace", "debug", "info", "warn", "error", "off"};
    if (std::find(std::begin(levels), std::end(levels), *l) == std::end(levels)) {
      throw ConfigError("ATRIUM_LOG_LEVEL must be trace, debug, info, warn, error or off");
    }
    c.log_level = *l;
  }
  return c;
}

}  // namespace atrium
