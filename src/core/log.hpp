#pragma once
// Logging setup: spdlog on stderr, text for people or JSON lines for machines.

#include <string>

namespace atrium {

void init_logging(const std::string& format, const std::string& level);

}  // namespace atrium
