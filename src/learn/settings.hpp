#pragma once
// The learner API's settings. Shared ones come from core/config (ATRIUM_ADMIN_EMAILS,
// ATRIUM_METRICS_TOKEN, BETTER_AUTH_URL, BETTER_AUTH_TRUSTED_ORIGINS); the rest are read here:
//
//   ATRIUM_QUESTIONNAIRE_FILE          a catalog replacing the shipped one (questionnaire.hpp)
//   ATRIUM_METRICS                     on (default) | off: record api_metrics and /metrics
//   ATRIUM_METRICS_RETENTION_DAYS      api_metrics rows older than this are deleted (default
//                                      30; 0 keeps them)
//   ATRIUM_METRICS_BUFFER              rows buffered for the writer at most (default 65536)
//   ATRIUM_CORS_ORIGINS                origins allowed to call atrium from a browser with
//                                      credentials (comma-separated, Better Auth's wildcard
//                                      patterns); default: BETTER_AUTH_URL's origin and
//                                      BETTER_AUTH_TRUSTED_ORIGINS

#include <string>
#include <vector>

#include "core/config.hpp"
#include "learn/metrics_writer.hpp"
#include "learn/questionnaire.hpp"

namespace atrium::learn {

struct LearnSettings {
  std::vector<std::string> admin_emails;  // lower-cased
  std::string metrics_token;
  bool metrics_enabled = true;
  MetricsWriterOptions metrics_writer;
  std::string cors_base_url;
  std::vector<std::string> cors_origins;
  Catalog catalog;
};

// Throws ConfigError on an invalid value (including a bad questionnaire file).
LearnSettings load_learn_settings(const Config& config, const EnvLookup& env);

}  // namespace atrium::learn
