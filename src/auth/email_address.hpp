#pragma once
// E-mail addresses as Better Auth accepts them: zod's email check, and the lower-casing done
// before every lookup and insert.

#include <string>
#include <string_view>

namespace atrium::auth {

// zod 4's z.email() default pattern:
// ^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$
// matched by hand (a std::regex overflows its stack on long input).
bool is_valid_email(std::string_view email);

// JS toLowerCase(); addresses that pass is_valid_email are ASCII, so ASCII folding is exact.
std::string lower_email(std::string_view email);

}  // namespace atrium::auth
