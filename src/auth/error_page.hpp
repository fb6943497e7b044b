#pragma once
// GET /api/auth/error: Better Auth's HTML error page.

#include <optional>
#include <string>
#include <string_view>

namespace atrium::auth {

// Better Auth's sanitize(): < > " ' as entities, then any '&' that does not already start an
// entity as &amp;.
std::string sanitize_html(std::string_view text);

// The page for an already-checked code (['A-Za-z0-9_-]+ or "UNKNOWN") and an optional
// description (sanitised here).
std::string render_error_page(std::string_view code, const std::optional<std::string>& description);

}  // namespace atrium::auth
