#include "learn/settings.hpp"

#include <charconv>

#include "learn/default_catalog.hpp"

namespace atrium::learn {
namespace {

std::size_t parse_count(const std::string& name, const std::string& value, std::size_t min,
                        std::size_t max) {
  std::size_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < min || n > max) {
    throw ConfigError(name + " must be a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max) + ", not '" + value + "'");
  }
  return n;
}

}  // namespace

LearnSettings load_learn_settings(const Config& config, const EnvLookup& env) {
  LearnSettings s;
  s.admin_emails = config.admin_emails;
  s.metrics_token = config.metrics_token;
  if (auto m = env("ATRIUM_METRICS")) {
    if (*m == "on" || *m == "true" || *m == "1") {
      s.metrics_enabled = true;
    } else if (*m == "off" || *m == "false" || *m == "0") {
      s.metrics_enabled = false;
    } else {
      throw ConfigError("ATRIUM_METRICS must be on or off, not '" + *m + "'");
    }
  }
  if (auto days = env("ATRIUM_METRICS_RETENTION_DAYS")) {
    s.metrics_writer.retention =
        std::chrono::hours(24 * parse_count("ATRIUM_METRICS_RETENTION_DAYS", *days, 0, 36500));
  }
  if (auto buffer = env("ATRIUM_METRICS_BUFFER")) {
    s.metrics_writer.capacity = parse_count("ATRIUM_METRICS_BUFFER", *buffer, 1, 10'000'000);
  }
  if (auto origins = env("ATRIUM_CORS_ORIGINS")) {
    s.cors_origins = split_list(*origins);
  } else {
    s.cors_base_url = config.base_url;
    s.cors_origins = config.trusted_origins;
  }
  s.catalog = load_configured_catalog(env);
  return s;
}

}  // namespace atrium::learn
