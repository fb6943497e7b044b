#include "auth/constant_time.hpp"

#include <sodium.h>

namespace atrium::auth {

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  // The lengths of what is compared here (hex keys, base64 signatures) are public.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace atrium::auth
