#include "learn/validation.hpp"

#include <boost/json/value.hpp>

#include "core/error.hpp"

namespace atrium::learn {

void invalid(std::string_view path, std::string_view message, std::string_view where) {
  std::string text = "[";
  text.append(where);
  if (!path.empty()) text.append(".").append(path);
  text.append("] ").append(message);
  throw Error(ErrorKind::bad_request, "VALIDATION_ERROR", text);
}

std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that is not a continuation byte
  }
  return n;
}

const char* json_type_name(const boost::json::value& v) {
  switch (v.kind()) {
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

std::string bounded_string(const boost::json::value& v, std::string_view path,
                           std::size_t max_chars, bool allow_empty) {
  if (!v.is_string()) {
    invalid(path, std::string("Invalid input: expected string, received ") + json_type_name(v));
  }
  std::string_view s = v.get_string();
  if (!allow_empty && s.empty()) invalid(path, "Must not be empty");
  // PostgreSQL's text and jsonb cannot hold U+0000: refused here as the client's mistake
  // rather than failing in the driver as a 500.
  if (s.find('\0') != std::string_view::npos) {
    invalid(path, "Invalid input: expected text without NUL characters");
  }
  if (code_points(s) > max_chars) {
    invalid(path, "Too long: at most " + std::to_string(max_chars) + " characters");
  }
  return std::string(s);
}

bool is_slug(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace atrium::learn
