#pragma once
// Input validation shared by the learner API's request parsers. Failures are reported the way
// better-call reports a schema failure — 400 {"message":"[body.<path>] …","code":
// "VALIDATION_ERROR"} — so clients of /api/auth and of the learner API handle one shape.

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace atrium::learn {

// Throws atrium::Error(bad_request, "VALIDATION_ERROR", "[<where>.<path>] <message>").
[[noreturn]] void invalid(std::string_view path, std::string_view message,
                          std::string_view where = "body");

// Length in Unicode code points of valid UTF-8 (what a person counts as characters; Boost.JSON
// has already rejected invalid UTF-8 by the time a string reaches a validator).
std::size_t code_points(std::string_view utf8);

// A JSON string of at most `max_chars` code points, else invalid(path, …).
std::string bounded_string(const boost::json::value& v, std::string_view path,
                           std::size_t max_chars, bool allow_empty = true);

// The JSON type name used in messages ("string", "number", …), as better-call spells it.
const char* json_type_name(const boost::json::value& v);

// A short identifier of [a-z0-9_-], 1..max characters: question ids and option values. The
// restricted alphabet lets SQL match them inside stored JSON text without escaping issues.
bool is_slug(std::string_view text, std::size_t max);

}  // namespace atrium::learn
