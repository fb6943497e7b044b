#pragma once
// The zod schemas of the e-mail and password endpoints, checked the way better-call reports
// them: every issue as "[body.<field>] <zod message>", joined with "; ", in a 400
// {"message":…,"code":"VALIDATION_ERROR"}.

#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace atrium::auth {

enum class FieldType { string, boolean };

struct FieldRule {
  std::string_view name;
  FieldType type = FieldType::string;
  bool optional = false;
  bool email = false;     // z.email()
  bool nonempty = false;  // z.string().nonempty()
};

enum class BodyShape {
  object,             // z.object({...})
  object_and_record,  // z.object({...}).and(z.record(z.string(), z.any())) (sign-up)
  record,             // z.record(z.string(), z.any()) (update-user)
  optional_object,    // z.object({...}).optional() (sign-out)
};

// Throws atrium::Error(bad_request, "VALIDATION_ERROR", …) listing every issue.
void validate_body(const std::optional<boost::json::value>& body, BodyShape shape,
                   std::span<const FieldRule> fields);

// zod's name for the type of a value ("string", "number", "null", "array", …); "undefined"
// for nullopt.
std::string_view zod_type_name(const boost::json::value* value);

}  // namespace atrium::auth
