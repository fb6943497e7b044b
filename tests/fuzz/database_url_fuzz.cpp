// Database URLs (DATABASE_URL, --url): anything either parses or is one ConfigError line, and
// a password never survives into the redacted form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/config.hpp"
#include "db/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  try {
    const auto url = atrium::db::parse_database_url(input);
    (void)url;
  } catch (const atrium::ConfigError&) {
  }
  // A fixed, recognisable password in a user-shaped URL: the redacted text must not show it.
  const std::string secret = "Pw9zQ7xKfUZZ";
  // Text that already holds it elsewhere (a database name, say) is shown, rightly.
  if (input.find(secret) != std::string::npos) return 0;
  const std::string with_password = "postgresql://user:" + secret + "@" + input;
  try {
    const auto url = atrium::db::parse_database_url(with_password);
    if (url.redacted.find(secret) != std::string::npos) std::abort();
  } catch (const atrium::ConfigError&) {
  }
  return 0;
}
