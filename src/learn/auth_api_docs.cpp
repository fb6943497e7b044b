#include "learn/auth_api_docs.hpp"

#include <boost/json/parse.hpp>

namespace atrium::learn {
namespace {

constexpr const char* kAuthSchemas = R"json({
  "User": {"type": "object", "required": ["id", "name", "email", "emailVerified", "createdAt", "updatedAt"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"},
      "email": {"type": "string", "format": "email"}, "emailVerified": {"type": "boolean"},
      "image": {"type": ["string", "null"]},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}}},
  "Session": {"type": "object",
    "required": ["id", "token", "userId", "expiresAt", "createdAt", "updatedAt"],
    "properties": {"id": {"type": "string"}, "token": {"type": "string"},
      "userId": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"},
      "ipAddress": {"type": ["string", "null"]}, "userAgent": {"type": ["string", "null"]},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}}},
  "SessionWithUser": {"type": ["object", "null"],
    "properties": {"session": {"$ref": "#/components/schemas/Session"},
      "user": {"$ref": "#/components/schemas/User"}}},
  "SignUpEmail": {"type": "object", "required": ["name", "email", "password"],
    "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"},
      "password": {"type": "string", "minLength": 8, "maxLength": 128},
      "image": {"type": "string"}, "callbackURL": {"type": "string"},
      "rememberMe": {"type": "boolean"}}},
  "SignInEmail": {"type": "object", "required": ["email", "password"],
    "properties": {"email": {"type": "string", "format": "email"},
      "password": {"type": "string"}, "callbackURL": {"type": "string"},
      "rememberMe": {"type": "boolean", "default": true}}},
  "TokenAndUser": {"type": "object",
    "properties": {"redirect": {"type": "boolean"}, "token": {"type": ["string", "null"]},
      "url": {"type": "string"}, "user": {"$ref": "#/components/schemas/User"}}},
  "Status": {"type": "object", "properties": {"status": {"type": "boolean"}}},
  "UpdateUser": {"type": "object",
    "properties": {"name": {"type": "string"}, "image": {"type": ["string", "null"]}}},
  "ChangePassword": {"type": "object", "required": ["newPassword", "currentPassword"],
    "properties": {"newPassword": {"type": "string"}, "currentPassword": {"type": "string"},
      "revokeOtherSessions": {"type": "boolean"}}}
})json";

boost::json::value object_schema(std::initializer_list<std::pair<const char*, const char*>> props) {
  boost::json::object p;
  std::vector<boost::json::value> required;
  for (const auto& [name, type] : props) {
    p[name] = {{"type", type}};
    required.emplace_back(name);
  }
  return {{"type", "object"},
          {"required", boost::json::array(required.begin(), required.end())},
          {"properties", std::move(p)}};
}

}  // namespace

void add_auth_docs(ApiDocs& docs, const std::string& base) {
  const auto schemas = boost::json::parse(kAuthSchemas);
  for (const auto& member : schemas.as_object()) {
    docs.add_schema(std::string(member.key()), member.value());
  }
  const std::pair<int, std::string> invalid{400, "Invalid input"};
  const std::pair<int, std::string> limited{429, "Too many requests"};
  docs.add("POST", base + "/sign-up/email",
           {.summary = "Sign up with e-mail and password",
            .description = "Creates the user, the credential account and (in the same "
                           "transaction) the learner profile; signs in and sets the session "
                           "cookie. JSON or form body.",
            .tag = "auth",
            .request_schema = schema_ref("SignUpEmail"),
            .response_schema = schema_ref("TokenAndUser"),
            .errors = {invalid, {422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"}, limited}});
  docs.add("POST", base + "/sign-in/email",
           {.summary = "Sign in with e-mail and password",
            .tag = "auth",
            .request_schema = schema_ref("SignInEmail"),
            .response_schema = schema_ref("TokenAndUser"),
            .errors = {invalid, {401, "INVALID_EMAIL_OR_PASSWORD"}, limited}});
  docs.add("POST", base + "/sign-out",
           {.summary = "Sign out",
            .tag = "auth",
            .access = Access::visitor_or_user,
            .response_schema = object_schema({{"success", "boolean"}})});
  docs.add("GET", base + "/get-session",
           {.summary = "The current session and user (null for none)",
            .tag = "auth",
            .access = Access::visitor_or_user,
            .response_schema = schema_ref("SessionWithUser")});
  docs.add("POST", base + "/get-session",
           {.summary = "Refused without deferSessionRefresh",
            .tag = "auth",
            .success_status = 405,
            .success_description = "Method not allowed",
            .response_schema = schema_ref("Error")});
  docs.add("GET", base + "/list-sessions",
           {.summary = "The user's active sessions",
            .tag = "auth",
            .access = Access::user,
            .response_schema = {{"type", "array"}, {"items", schema_ref("Session")}}});
  docs.add("POST", base + "/revoke-session",
           {.summary = "Revoke one of the user's sessions",
            .tag = "auth",
            .access = Access::user,
            .request_schema = object_schema({{"token", "string"}}),
            .response_schema = schema_ref("Status")});
  for (const char* path : {"/revoke-sessions", "/revoke-other-sessions"}) {
    docs.add(
        "POST", base + path,
        {.summary = std::string(path) == "/revoke-sessions" ? "Revoke all the user's sessions"
                                                            : "Revoke the user's other sessions",
         .tag = "auth",
         .access = Access::user,
         .response_schema = schema_ref("Status")});
  }
  docs.add("POST", base + "/update-user",
           {.summary = "Update the user's name or image",
            .tag = "auth",
            .access = Access::user,
            .request_schema = schema_ref("UpdateUser"),
            .response_schema = schema_ref("Status"),
            .errors = {invalid}});
  docs.add("POST", base + "/change-password",
           {.summary = "Change the password",
            .tag = "auth",
            .access = Access::user,
            .request_schema = schema_ref("ChangePassword"),
            .response_schema = schema_ref("TokenAndUser"),
            .errors = {{400, "INVALID_PASSWORD or a password of the wrong length"}}});
  docs.add("POST", base + "/verify-password",
           {.summary = "Check the password",
            .tag = "auth",
            .access = Access::user,
            .request_schema = object_schema({{"password", "string"}}),
            .response_schema = schema_ref("Status"),
            .errors = {{400, "INVALID_PASSWORD"}}});
  docs.add("GET", base + "/ok",
           {.summary = "Liveness of the auth API",
            .tag = "auth",
            .response_schema = object_schema({{"ok", "boolean"}})});
  docs.add("GET", base + "/error",
           {.summary = "Better Auth's error page",
            .tag = "auth",
            .response_schema = {{"type", "string"}},
            .response_content_type = "text/html"});
}

}  // namespace atrium::learn
