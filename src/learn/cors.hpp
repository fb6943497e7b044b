#pragma once
// CORS for the configured origins, with credentials (the Better Auth session cookie travels
// with cross-origin requests from the platform's front end). A middleware adds the
// Access-Control-Allow-* headers to every routed response whose Origin is allowed; preflight
// requests reach an OPTIONS route registered for every path template (the router answers 405
// to methods a path lacks, before any middleware).

#include <string>
#include <string_view>
#include <vector>

#include "auth/trusted_origins.hpp"
#include "http/router.hpp"

namespace atrium::learn {

class CorsPolicy {
 public:
  // Origins are Better Auth origin patterns ("https://app.example.com", "https://*.example.com");
  // the base URL's origin is allowed too when given.
  CorsPolicy(const std::string& base_url, std::vector<std::string> origins);

  bool allows(std::string_view origin) const;

  // The middleware (http::Middleware's shape).
  http::Response apply(http::Request& request, const http::Handler& next) const;

 private:
  auth::TrustedOrigins origins_;
  bool any_ = false;
};

// Adds an OPTIONS route (inline, never blocking) to every path template that lacks one,
// answering preflights with the path's methods. Call after every other route is registered.
void add_preflight_routes(http::Router& router);

}  // namespace atrium::learn
