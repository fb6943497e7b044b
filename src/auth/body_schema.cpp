#include "auth/body_schema.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "auth/email_address.hpp"
#include "core/error.hpp"

namespace atrium::auth {

std::string_view zod_type_name(const boost::json::value* value) {
  if (value == nullptr) return "undefined";
  switch (value->kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "unknown";
}

void validate_body(const std::optional<boost::json::value>& body, BodyShape shape,
                   std::span<const FieldRule> fields) {
  std::vector<std::string> issues;
  const boost::json::value* root = body ? &*body : nullptr;
  const bool is_object = root != nullptr && root->is_object();
  if (!is_object) {
    if (shape == BodyShape::optional_object && root == nullptr) return;
    const std::string received(zod_type_name(root));
    if (shape != BodyShape::record) {
      issues.push_back("[body] Invalid input: expected object, received " + received);
    }
    if (shape == BodyShape::object_and_record || shape == BodyShape::record) {
      issues.push_back("[body] Invalid input: expected record, received " + received);
    }
  } else {
    const auto& obj = root->as_object();
    for (const auto& f : fields) {
      const boost::json::value* v = obj.if_contains(f.name);
      const std::string where = "[body." + std::string(f.name) + "] ";
      if (v == nullptr && f.optional) continue;
      const bool type_ok =
          v != nullptr && (f.type == FieldType::string ? v->is_string() : v->is_bool());
      if (!type_ok) {
        issues.push_back(where + "Invalid input: expected " +
                         (f.type == FieldType::string ? "string" : "boolean") + ", received " +
                         std::string(zod_type_name(v)));
        continue;
      }
      if (f.email && !is_valid_email(v->as_string())) {
        issues.push_back(where + "Invalid email address");
      }
      if (f.nonempty && v->as_string().empty()) {
        issues.push_back(where + "Too small: expected string to have >=1 characters");
      }
    }
  }
  if (issues.empty()) return;
  std::string message;
  for (const auto& i : issues) {
    if (!message.empty()) message += "; ";
    message += i;
  }
  throw Error(ErrorKind::bad_request, "VALIDATION_ERROR", message);
}

}  // namespace atrium::auth
