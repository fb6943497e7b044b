#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace atrium {

void init_logging(const std::string& format, const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("atrium");
  if (format == "json") {
    // Messages are written by atrium itself and never carry user-controlled quotes unescaped
    // in a way that matters to the reader; values that may, are logged as fields by callers.
    logger->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%v"})",
        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

}  // namespace atrium
