#include "auth/json_output.hpp"

#include "core/time_format.hpp"

namespace atrium::auth {
namespace {

boost::json::value opt(const std::optional<std::string>& v) {
  if (v) return boost::json::value(*v);
  return nullptr;
}

}  // namespace

boost::json::object user_json(const User& u) {
  boost::json::object o;
  o["name"] = u.name;
  o["email"] = u.email;
  o["emailVerified"] = u.email_verified;
  o["image"] = opt(u.image);
  o["createdAt"] = format_iso8601(u.created_at);
  o["updatedAt"] = format_iso8601(u.updated_at);
  o["id"] = u.id;
  return o;
}

boost::json::object session_json(const Session& s) {
  boost::json::object o;
  o["expiresAt"] = format_iso8601(s.expires_at);
  o["token"] = s.token;
  o["createdAt"] = format_iso8601(s.created_at);
  o["updatedAt"] = format_iso8601(s.updated_at);
  o["ipAddress"] = opt(s.ip_address);
  o["userAgent"] = opt(s.user_agent);
  o["userId"] = s.user_id;
  o["id"] = s.id;
  return o;
}

}  // namespace atrium::auth
