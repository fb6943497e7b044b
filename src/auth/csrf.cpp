#include "auth/csrf.hpp"

#include <boost/json/object.hpp>

#include "core/error.hpp"

namespace atrium::auth {
namespace {

const boost::json::value* body_field(const std::optional<boost::json::value>& body,
                                     std::string_view key) {
  if (!body || !body->is_object()) return nullptr;
  return body->as_object().if_contains(key);
}

// JavaScript truthiness of a JSON value.
bool truthy(const boost::json::value* v) {
  if (v == nullptr) return false;
  switch (v->kind()) {
    case boost::json::kind::null:
      return false;
    case boost::json::kind::bool_:
      return v->as_bool();
    case boost::json::kind::int64:
      return v->as_int64() != 0;
    case boost::json::kind::uint64:
      return v->as_uint64() != 0;
    case boost::json::kind::double_:
      return v->as_double() != 0 && v->as_double() == v->as_double();
    case boost::json::kind::string:
      return !v->as_string().empty();
    default:
      return true;
  }
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CsrfGuard::request_origin(const http::Request& request) const {
  if (origins_.has_base_origin()) return {};
  const auto host = request.header("host");
  if (!host || host->empty()) return {};
  return std::string(request.secure ? "https://" : "http://") + std::string(*host);
}

bool CsrfGuard::is_trusted_callback(const http::Request& request, std::string_view url) const {
  return origins_.is_trusted(url, true, request_origin(request));
}

void CsrfGuard::validate_origin(const http::Request& request, bool force) const {
  const bool has_cookies = request.header("cookie").has_value();
  if (!force && !has_cookies) return;
  const auto origin = request.header("origin");
  std::string to_validate;
  if (origin && !origin->empty()) {
    to_validate = std::string(*origin);
  } else if (auto referer = request.header("referer")) {
    to_validate = std::string(*referer);
  }
  // A sandboxed same-origin request sends "Origin: null"; Fetch Metadata vouches for it.
  if (origin && *origin == "null" && request.header("sec-fetch-site") == "same-origin") {
    const auto self = request_origin(request);
    if (!self.empty()) {
      to_validate = self;
    } else if (!origins_.patterns().empty()) {
      to_validate = origins_.patterns().front();
    }
  }
  if (to_validate.empty() || to_validate == "null") {
    throw Error(ErrorKind::forbidden, "MISSING_OR_NULL_ORIGIN", "Missing or null Origin");
  }
  if (!origins_.is_trusted(to_validate, false, request_origin(request))) {
    throw Error(ErrorKind::forbidden, "INVALID_ORIGIN", "Invalid origin");
  }
}

void CsrfGuard::check_request(const http::Request& request,
                              const std::optional<boost::json::value>& body) const {
  if (request.method == "GET" || request.method == "HEAD" || request.method == "OPTIONS") return;
  validate_origin(request, false);

  struct Target {
    const boost::json::value* value;
    std::optional<std::string> query_value;
    const char* label;
    const char* code;
    const char* message;
  };
  // body.callbackURL || query.callbackURL
  const boost::json::value* callback = body_field(body, "callbackURL");
  std::optional<std::string> query_callback;
  if (!truthy(callback)) {
    callback = nullptr;
    query_callback = request.query_param("callbackURL");
  }
  const Target targets[] = {
      {callback, query_callback, "callbackURL", "INVALID_CALLBACK_URL", "Invalid callbackURL"},
      {body_field(body, "redirectTo"), std::nullopt, "redirectURL", "INVALID_REDIRECT_URL",
       "Invalid redirectURL"},
      {body_field(body, "errorCallbackURL"), std::nullopt, "errorCallbackURL",
       "INVALID_ERROR_CALLBACK_URL", "Invalid errorCallbackURL"},
      {body_field(body, "newUserCallbackURL"), std::nullopt, "newUserCallbackURL",
       "INVALID_NEW_USER_CALLBACK_URL", "Invalid newUserCallbackURL"},
  };
  for (const auto& t : targets) {
    std::string url;
    if (t.value != nullptr) {
      if (!truthy(t.value)) continue;
      if (!t.value->is_string()) {
        throw Error(ErrorKind::bad_request, "",
                    std::string("Invalid ") + t.label + ": expected a string");
      }
      url = std::string(t.value->as_string());
    } else if (t.query_value && !t.query_value->empty()) {
      url = *t.query_value;
    } else {
      continue;
    }
    if (!is_trusted_callback(request, url)) throw Error(ErrorKind::forbidden, t.code, t.message);
  }
}

void CsrfGuard::check_credential_form(const http::Request& request) const {
  if (request.header("cookie")) {
    validate_origin(request, false);
    return;
  }
  const auto site = request.header("sec-fetch-site");
  const auto mode = request.header("sec-fetch-mode");
  const auto dest = request.header("sec-fetch-dest");
  const auto present = [](const std::optional<std::string_view>& h) {
    return h && !trimmed(*h).empty();
  };
  if (present(site) || present(mode) || present(dest)) {
    if (site == "cross-site" && mode == "navigate") {
      throw Error(ErrorKind::forbidden, "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED",
                  "Cross-site navigation login blocked. This request appears to be a CSRF "
                  "attack.");
    }
    validate_origin(request, true);
    return;
  }
  const auto origin = request.header("origin");
  const auto referer = request.header("referer");
  if ((origin && !origin->empty()) || (referer && !referer->empty()))
    validate_origin(request, true);
}

}  // namespace atrium::auth
