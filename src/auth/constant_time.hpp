#pragma once
// The one place where secrets are compared: password-hash keys, cookie and bearer signatures.
// A plain == leaks through timing how many leading bytes matched.

#include <string_view>

namespace atrium::auth {

// True when both have the same length and the same bytes; the time taken depends only on the
// length, never on where the first difference is.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace atrium::auth
