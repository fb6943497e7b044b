#pragma once
// The user and session objects as Better Auth's JSON shows them, keys in its order
// (user: name, email, emailVerified, image, createdAt, updatedAt, id; session: expiresAt,
// token, createdAt, updatedAt, ipAddress, userAgent, userId, id), dates as Date.toJSON().
// Written straight into a string: get-session is the hot path, and building a JSON tree to
// serialise it cost more than the database read.

#include <string>
#include <string_view>

#include "auth/model.hpp"
#include "core/time_format.hpp"  // append_iso8601, for the callers writing dates

namespace atrium::auth {

void append_user_json(std::string& out, const User& user);
void append_session_json(std::string& out, const Session& session);

std::string user_json(const User& user);
std::string session_json(const Session& session);

// A JSON string literal exactly as JSON.stringify writes one (only '"', '\\' and control
// characters escaped; the text is UTF-8 from the database or a parsed body).
void append_json_string(std::string& out, std::string_view text);

}  // namespace atrium::auth
