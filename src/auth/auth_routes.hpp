#pragma once
// Puts Better Auth's e-mail and password endpoints on the router under the base path
// (default /api/auth), each wrapped the way Better Auth's router runs an endpoint: rate
// limit, body (415/400), origin and callback checks, the bearer plugin, the endpoint, and
// the cookies it queued even when it failed.

#include "auth/auth_service.hpp"
#include "http/router.hpp"

namespace atrium::auth {

void register_auth_routes(http::Router& router, AuthService& service);

}  // namespace atrium::auth
