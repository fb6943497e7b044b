// JSON request bodies: the http helpers every handler reads them with, and the sign-up
// schema check of /api/auth (the widest one). Any input either parses or is the 400.
#include <array>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "auth/body_schema.hpp"
#include "core/error.hpp"
#include "http/json.hpp"

using atrium::auth::BodyShape;
using atrium::auth::FieldRule;
using atrium::auth::FieldType;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  boost::json::value body;
  try {
    body = atrium::http::parse_json_body(input);
  } catch (const atrium::Error&) {
    return 0;
  }
  // What we write must be JSON that reads back as the same value.
  const std::string out = atrium::http::stringify(body);
  boost::json::value back;
  try {
    back = atrium::http::parse_json_body(out);
  } catch (const atrium::Error&) {
    std::abort();
  }
  (void)back;

  if (const auto* object = body.if_object()) {
    for (const auto& entry : *object) {
      const std::string_view key = entry.key();
      (void)atrium::http::field_state(*object, key);
      try {
        (void)atrium::http::get_string(*object, key);
      } catch (const atrium::Error&) {
      }
      try {
        (void)atrium::http::get_bool(*object, key);
      } catch (const atrium::Error&) {
      }
      try {
        (void)atrium::http::get_int(*object, key);
      } catch (const atrium::Error&) {
      }
    }
  }

  static constexpr std::array<FieldRule, 6> sign_up{{
      {.name = "name", .nonempty = false},
      {.name = "email", .email = true},
      {.name = "password"},
      {.name = "image", .optional = true},
      {.name = "callbackURL", .optional = true},
      {.name = "rememberMe", .type = FieldType::boolean, .optional = true},
  }};
  for (auto shape : {BodyShape::object, BodyShape::object_and_record, BodyShape::record,
                     BodyShape::optional_object}) {
    try {
      atrium::auth::validate_body(std::optional<boost::json::value>(body), shape, sign_up);
    } catch (const atrium::Error&) {
    }
  }
  return 0;
}
