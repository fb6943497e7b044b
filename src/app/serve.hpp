#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace atrium {

struct ServeFlags {
  std::optional<std::string> host;
  std::optional<std::uint16_t> port;
};

// `atrium serve`: reads the configuration, checks the schema, serves until SIGINT/SIGTERM.
int serve(const ServeFlags& flags);

}  // namespace atrium
