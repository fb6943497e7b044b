#pragma once
// The user and session objects as Better Auth's JSON shows them, keys in its order
// (user: name, email, emailVerified, image, createdAt, updatedAt, id; session: expiresAt,
// token, createdAt, updatedAt, ipAddress, userAgent, userId, id), dates as Date.toJSON().

#include <boost/json/object.hpp>

#include "auth/model.hpp"

namespace atrium::auth {

boost::json::object user_json(const User& user);
boost::json::object session_json(const Session& session);

}  // namespace atrium::auth
