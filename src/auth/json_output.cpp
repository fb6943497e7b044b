#include "auth/json_output.hpp"

namespace atrium::auth {
namespace {

void append_optional(std::string& out, const std::optional<std::string>& v) {
  if (v) {
    append_json_string(out, *v);
  } else {
    out.append("null");
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
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
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void append_user_json(std::string& out, const User& u) {
  out.append(R"({"name":)");
  append_json_string(out, u.name);
  out.append(R"(,"email":)");
  append_json_string(out, u.email);
  out.append(u.email_verified ? R"(,"emailVerified":true,"image":)"
                              : R"(,"emailVerified":false,"image":)");
  append_optional(out, u.image);
  out.append(R"(,"createdAt":")");
  append_iso8601(out, u.created_at);
  out.append(R"(","updatedAt":")");
  append_iso8601(out, u.updated_at);
  out.append(R"(","id":)");
  append_json_string(out, u.id);
  out.push_back('}');
}

void append_session_json(std::string& out, const Session& s) {
  out.append(R"({"expiresAt":")");
  append_iso8601(out, s.expires_at);
  out.append(R"(","token":)");
  append_json_string(out, s.token);
  out.append(R"(,"createdAt":")");
  append_iso8601(out, s.created_at);
  out.append(R"(","updatedAt":")");
  append_iso8601(out, s.updated_at);
  out.append(R"(","ipAddress":)");
  append_optional(out, s.ip_address);
  out.append(R"(,"userAgent":)");
  append_optional(out, s.user_agent);
  out.append(R"(,"userId":)");
  append_json_string(out, s.user_id);
  out.append(R"(,"id":)");
  append_json_string(out, s.id);
  out.push_back('}');
}

std::string user_json(const User& user) {
  std::string out;
  out.reserve(256);
  append_user_json(out, user);
  return out;
}

std::string session_json(const Session& session) {
  std::string out;
  out.reserve(320);
  append_session_json(out, session);
  return out;
}

}  // namespace atrium::auth
