#pragma once
// Development convenience: without BETTER_AUTH_SECRET atrium generates a secret once and keeps
// it in a 0600 file, so sessions survive restarts. Production never gets here (config refuses
// to start without a secret).

#include <string>

namespace atrium {

// Returns the secret stored at `path`, creating the file (mode 0600, 64 hex characters from the
// CSPRNG) when it does not exist. Throws ConfigError when it cannot read or write it.
std::string load_or_create_secret(const std::string& path);

}  // namespace atrium
