#pragma once
// The links the password-reset and delete-account flows put in e-mails and redirects:
// Better Auth's ctx.context.baseURL (the public origin plus the base path), and
// `new URL(callbackURL, baseURL)` with a query parameter set through searchParams.set().

#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "http/request.hpp"

namespace atrium::auth {

// BETTER_AUTH_URL (or, without one, the request's own origin) followed by the base path,
// without a trailing slash: "http://localhost:3000/api/auth".
// URLSearchParams serialisation (application/x-www-form-urlencoded).
std::string form_encode(std::string_view text);

std::string api_base_url(const Config& config, std::string_view base_path,
                         const http::Request& request);

// `new URL(target, base)`, then url.searchParams.set(key, value), then url.href: the query is
// re-serialised as application/x-www-form-urlencoded, as URLSearchParams does. Nullopt when
// the target does not resolve to a URL.
std::optional<std::string> url_with_query_param(std::string_view base, std::string_view target,
                                                std::string_view key, std::string_view value);

}  // namespace atrium::auth
