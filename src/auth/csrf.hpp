#pragma once
// Better Auth's CSRF defences (api/middlewares/origin-check.mjs): non-GET requests that carry
// cookies need a trusted Origin or Referer; callback URLs in the body or query must be
// trusted; the credential forms also refuse cross-site navigations and check the origin of
// any browser request (Fetch Metadata), cookies or not.

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "auth/trusted_origins.hpp"
#include "http/request.hpp"

namespace atrium::auth {

class CsrfGuard {
 public:
  explicit CsrfGuard(TrustedOrigins origins) : origins_(std::move(origins)) {}

  // originCheckMiddleware, run on every non-GET/HEAD/OPTIONS request before the body is
  // validated: the Origin check when a Cookie header is present, then the callback URLs.
  void check_request(const http::Request& request,
                     const std::optional<boost::json::value>& body) const;

  // formCsrfMiddleware (sign-in/email, sign-up/email).
  void check_credential_form(const http::Request& request) const;

  // isTrustedOrigin(url, {allowRelativePaths: true}), for callback URLs.
  bool is_trusted_callback(const http::Request& request, std::string_view url) const;

  const TrustedOrigins& origins() const { return origins_; }

 private:
  void validate_origin(const http::Request& request, bool force) const;
  std::string request_origin(const http::Request& request) const;

  TrustedOrigins origins_;
};

}  // namespace atrium::auth
