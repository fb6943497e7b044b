// Every JSON request body of /api/auth and /api/…: the first byte picks the endpoint's
// schema, the rest is the body as received. /api/auth bodies go through the same field rules
// the endpoints declare (auth_service.cpp); the learner API's through its own parsers (profile
// patch, chat message citations, questionnaire submission). Any input is accepted or refused
// with atrium::Error, never anything else.
#include <array>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "auth/body_schema.hpp"
#include "core/error.hpp"
#include "http/json.hpp"
#include "learn/answer_validator.hpp"
#include "learn/citation.hpp"
#include "learn/profile_patch.hpp"
#include "learn/questionnaire.hpp"

using atrium::auth::BodyShape;
using atrium::auth::FieldRule;
using atrium::auth::FieldType;

namespace {

// The rules of auth_service.cpp's endpoints, in the order of auth_routes.cpp.
constexpr FieldRule kSignUp[] = {
    {"name"},
    {"email", FieldType::string, false, true},
    {"password", FieldType::string, false, false, true},
    {"image", FieldType::string, true},
    {"callbackURL", FieldType::string, true},
    {"rememberMe", FieldType::boolean, true},
};
constexpr FieldRule kSignIn[] = {
    {"email"},
    {"password"},
    {"callbackURL", FieldType::string, true},
    {"rememberMe", FieldType::boolean, true},
};
constexpr FieldRule kSignOut[] = {
    {"callbackURL", FieldType::string, true},
    {"disableRedirect", FieldType::boolean, true},
    {"state", FieldType::string, true},
};
constexpr FieldRule kToken[] = {{"token"}};
constexpr FieldRule kChangePassword[] = {
    {"newPassword"},
    {"currentPassword"},
    {"revokeOtherSessions", FieldType::boolean, true},
};
constexpr FieldRule kPassword[] = {{"password"}};

void auth_body(const boost::json::value& body, BodyShape shape, std::span<const FieldRule> rules) {
  try {
    atrium::auth::validate_body(std::optional<boost::json::value>(body), shape, rules);
  } catch (const atrium::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const atrium::learn::Catalog catalog =
      atrium::learn::load_catalog_file(ATRIUM_SOURCE_DIR "/share/questionnaire/robotics-v1.json");
  const std::uint8_t which = data[0] % 10;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  boost::json::value body;
  try {
    body = atrium::http::parse_json_body(text);
  } catch (const atrium::Error&) {
    return 0;
  }
  try {
    switch (which) {
      case 0:
        auth_body(body, BodyShape::object_and_record, kSignUp);
        break;
      case 1:
        auth_body(body, BodyShape::object, kSignIn);
        break;
      case 2:
        auth_body(body, BodyShape::optional_object, kSignOut);
        break;
      case 3:
        auth_body(body, BodyShape::object, kToken);
        break;
      case 4:
        auth_body(body, BodyShape::object, kChangePassword);
        break;
      case 5:
        auth_body(body, BodyShape::object, kPassword);
        break;
      case 6:
        auth_body(body, BodyShape::record, {});
        break;  // update-user
      case 7:
        (void)atrium::learn::parse_profile_patch(body);
        break;
      case 8: {
        const auto* object = body.if_object();
        const boost::json::value* citations = object ? object->if_contains("citations") : nullptr;
        (void)atrium::learn::validate_citations(citations);
        break;
      }
      case 9:
        (void)atrium::learn::validate_submission(catalog, body);
        break;
    }
  } catch (const atrium::Error&) {
  }
  return 0;
}
