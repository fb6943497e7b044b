#pragma once
// JSON helpers on Boost.JSON for handlers: parse a body with a clear 400, serialise a reply
// byte for byte as JavaScript's JSON.stringify would (Better Auth clients compare bodies and
// signatures are computed over serialised JSON).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace atrium::http {

// Parses a request body; throws atrium::Error(bad_request, "BAD_REQUEST",
// "Invalid JSON in request body") on malformed input, as Better Auth answers.
boost::json::value parse_json_body(std::string_view body);

// JSON.stringify's output: compact, keys in insertion order, numbers in JavaScript's
// shortest form (1.5, 1e+21, 1e-7; NaN and infinities as null), strings escaped as JS does
// (only '"', '\\' and control characters; non-ASCII stays UTF-8).
std::string stringify(const boost::json::value& value);

Response json(int status, const boost::json::value& value);
inline Response json(const boost::json::value& value) {
  return json(200, value);
}

// Whether a field is missing, explicitly null or has a value (e.g. `image: null` clears,
// a missing `image` leaves it alone).
enum class FieldState { absent, null, present };
FieldState field_state(const boost::json::object& o, std::string_view key);

// Field readers: nullopt when absent or null; a value of the wrong type throws
// atrium::Error(bad_request, "VALIDATION_ERROR", "[body.<key>] Invalid input: expected <type>,
// received <type>") in the shape better-call's validator reports. get_int accepts any JSON
// number with an integral value that fits in int64 (JavaScript has only doubles).
std::optional<std::string> get_string(const boost::json::object& o, std::string_view key);
std::optional<bool> get_bool(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key);

}  // namespace atrium::http
