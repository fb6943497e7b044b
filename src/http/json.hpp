#pragma once
// JSON helpers on Boost.JSON for handlers: parse a body with a clear 400, serialise a reply.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/response.hpp"

namespace atrium::http {

// Parses a request body; throws atrium::Error(bad_request, "BAD_REQUEST",
// "Invalid JSON in request body") on malformed input, as Better Auth answers.
boost::json::value parse_json_body(std::string_view body);

Response json(int status, const boost::json::value& value);
inline Response json(const boost::json::value& value) { return json(200, value); }

// Field readers that distinguish absent, null and mistyped.
std::optional<std::string> get_string(const boost::json::object& o, std::string_view key);
std::optional<bool> get_bool(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key);

}  // namespace atrium::http
