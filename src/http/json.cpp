#include "http/json.hpp"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/error.hpp"

namespace atrium::http {
namespace {

void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (c < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

// ECMAScript Number::toString: the shortest digits that round-trip, placed by the exponent.
void append_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out.append("null");
    return;
  }
  if (d == 0) {  // also -0, which JSON.stringify writes as 0
    out.push_back('0');
    return;
  }
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));
  if (sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  int k = static_cast<int>(digits.size());
  int n = exponent + 1;
  if (k <= n && n <= 21) {
    out.append(digits).append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n)).push_back('.');
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {
    out.push_back(digits[0]);
    if (k > 1) out.append(".").append(digits, 1);
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out.append(std::to_string(std::abs(n - 1)));
  }
}

void append_value(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      out.append("null");
      break;
    case boost::json::kind::bool_:
      out.append(v.get_bool() ? "true" : "false");
      break;
    case boost::json::kind::int64:
      out.append(std::to_string(v.get_int64()));
      break;
    case boost::json::kind::uint64:
      out.append(std::to_string(v.get_uint64()));
      break;
    case boost::json::kind::double_:
      append_double(out, v.get_double());
      break;
    case boost::json::kind::string:
      append_string(out, v.get_string());
      break;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, item);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& member : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, member.key());
        out.push_back(':');
        append_value(out, member.value());
      }
      out.push_back('}');
      break;
    }
  }
}

const char* type_name(const boost::json::value& v) {
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

[[noreturn]] void mistyped(std::string_view key, const char* expected,
                           const boost::json::value& got) {
  throw Error(ErrorKind::bad_request, "VALIDATION_ERROR",
              "[body." + std::string(key) + "] Invalid input: expected " + expected +
                  ", received " + type_name(got));
}

// The value when present and not null.
const boost::json::value* find_value(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return nullptr;
  return v;
}

}  // namespace

boost::json::value parse_json_body(std::string_view body) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) throw Error(ErrorKind::bad_request, "BAD_REQUEST", "Invalid JSON in request body");
  return value;
}

std::string stringify(const boost::json::value& value) {
  std::string out;
  append_value(out, value);
  return out;
}

Response json(int status, const boost::json::value& value) {
  return Response::json_text(status, stringify(value));
}

FieldState field_state(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return FieldState::absent;
  return v->is_null() ? FieldState::null : FieldState::present;
}

std::optional<std::string> get_string(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = find_value(o, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) mistyped(key, "string", *v);
  return std::string(v->get_string());
}

std::optional<bool> get_bool(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = find_value(o, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) mistyped(key, "boolean", *v);
  return v->get_bool();
}

std::optional<std::int64_t> get_int(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = find_value(o, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() &&
      v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  if (v->is_double()) {
    double d = v->get_double();
    // 2^63 is exactly representable; anything below it with no fraction converts exactly.
    if (std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 &&
        d < 9223372036854775808.0) {
      return static_cast<std::int64_t>(d);
    }
  }
  mistyped(key, "int", *v);
}

}  // namespace atrium::http
