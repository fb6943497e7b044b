#pragma once
// Identifier quoting shared by both dialects: a name is written bare only when it is lower-case
// ASCII and no keyword of either dialect, so `"user"` and Better Auth's camelCase columns keep
// their meaning everywhere.

#include <string>
#include <string_view>

namespace atrium::migrate {

bool needs_quotes(std::string_view name);
std::string quote_ident(std::string_view name);
// A string literal with embedded quotes doubled: 'it''s'.
std::string quote_literal(std::string_view text);

}  // namespace atrium::migrate
