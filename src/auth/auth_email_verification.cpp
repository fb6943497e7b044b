// E-mail verification and change-email (Better Auth's api/routes/email-verification.mjs and
// the changeEmail endpoint of update-user.mjs): stateless HS256 links, sent through the mailer.

#include <chrono>

#include "auth/account_links.hpp"
#include "auth/auth_service.hpp"
#include "auth/body_schema.hpp"
#include "auth/email_address.hpp"
#include "auth/json_output.hpp"
#include "auth/session_store.hpp"
#include "auth/user_store.hpp"
#include "auth/verification_jwt.hpp"
#include "core/error.hpp"
#include "db/error.hpp"
#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

// Better Auth's anonymous send-verification-email answers no sooner than this, so the time
// taken does not tell whether the address belongs to an unverified user (a mail queued)
// or not.
constexpr std::chrono::milliseconds kAnonymousSendFloor{500};

// signJWT's default when a caller passes no lifetime (the legacy change-email step).
constexpr std::chrono::seconds kDefaultTokenLifetime{3600};

constexpr std::size_t kMaxEmailLength = 320;

const char* const kChangeEmailConfirmation = "change-email-confirmation";
const char* const kChangeEmailVerification = "change-email-verification";

std::int64_t epoch_seconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::optional<std::string> body_string(const Exchange& ex, std::string_view key) {
  const auto* v = ex.body->as_object().if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

http::Response status_true() {
  return http::Response::json_text(200, R"({"status":true})");
}

// ctx.redirect: 302, Location, an empty JSON body.
http::Response redirect(const std::string& location) {
  auto r = http::Response::json_text(302, "");
  r.header("Location", location);
  return r;
}

// appendQueryParams(url, {error}): before any fragment, after any query. A bare origin gets
// the "/" path a URL parser would give it.
std::string with_error(const std::string& url, std::string_view code) {
  std::string base = url;
  std::string fragment;
  if (const auto fragment_at = base.find('#'); fragment_at != std::string::npos) {
    fragment = base.substr(fragment_at);
    base.resize(fragment_at);
  }
  if (const auto scheme = base.find("://"); scheme != std::string::npos &&
                                            base.find('/', scheme + 3) == std::string::npos &&
                                            base.find('?', scheme + 3) == std::string::npos) {
    base += '/';
  }
  const auto query = base.find('?');
  if (query == std::string::npos) {
    base += '?';
  } else if (query + 1 != base.size() && base.back() != '&') {
    base += '&';
  }
  base += "error=";
  base += http::encode_uri_component(code);
  return base + fragment;
}

}  // namespace

std::string AuthService::auth_base_url(const http::Request& request) const {
  return api_base_url(config_, options_.base_path, request);
}

std::string AuthService::verification_token(const std::string& email,
                                            const std::optional<std::string>& update_to,
                                            const std::optional<std::string>& request_type,
                                            const std::optional<std::string>& user_id,
                                            std::chrono::seconds lifetime) const {
  VerificationClaims claims;
  claims.email = lower_email(email);
  if (update_to) claims.update_to = lower_email(*update_to);
  claims.request_type = request_type;
  claims.user_id = user_id;
  claims.iat = epoch_seconds(clock_.now());
  claims.exp = claims.iat + lifetime.count();
  return sign_verification_jwt(claims, secret());
}

void AuthService::send_verification_link(const http::Request& request, mail::MailKind kind,
                                         const std::string& to, const User& user,
                                         const std::string& token,
                                         const std::optional<std::string>& callback_url) {
  const std::string callback = callback_url && !callback_url->empty() ? *callback_url : "/";
  mail::MailRequest mail;
  mail.kind = kind;
  mail.to = to;
  mail.user_name = user.name;
  mail.url = auth_base_url(request) + "/verify-email?token=" + token +
             "&callbackURL=" + http::encode_uri_component(callback);
  mail.token = token;
  mailer().send(std::move(mail));
}

std::optional<SessionWithUser> AuthService::optional_session(Exchange& ex) {
  const auto saved = ex.cookies;
  try {
    return resolve_session(ex, false);
  } catch (const db::DbError&) {
    throw;
  } catch (const Error&) {
    ex.cookies = saved;
    return std::nullopt;
  }
}

http::Response AuthService::send_verification_email(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"email", FieldType::string, false, true},
      {"callbackURL", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto started = std::chrono::steady_clock::now();
  const std::string email = *body_string(ex, "email");
  const auto callback = body_string(ex, "callbackURL");
  const std::string normalized = lower_email(email);

  const auto session = optional_session(ex);
  if (!session) {
    std::optional<User> user;
    if (normalized.size() <= kMaxEmailLength) {
      auto lease = database_.acquire();
      user = find_user_by_email(*lease, normalized);
    }
    if (user && !user->email_verified) {
      const auto token = verification_token(user->email, std::nullopt, std::nullopt, user->id,
                                            options_.verification_token_expires_in);
      send_verification_link(ex.request, mail::MailKind::verify_email, user->email, *user, token,
                             callback);
    } else {
      // The same signing work for an unknown or verified address.
      verification_token(normalized, std::nullopt, std::nullopt, std::nullopt,
                         options_.verification_token_expires_in);
    }
    // The floor is kept by the server's I/O thread (a timer), not by this worker sleeping.
    auto r = status_true();
    r.not_before = started + kAnonymousSendFloor;
    return r;
  }
  if (session->user.email != normalized) {
    throw Error(ErrorKind::bad_request, "EMAIL_MISMATCH", "Email mismatch");
  }
  if (session->user.email_verified) {
    throw Error(ErrorKind::bad_request, "EMAIL_ALREADY_VERIFIED", "Email is already verified");
  }
  const auto token = verification_token(session->user.email, std::nullopt, std::nullopt,
                                        session->user.id, options_.verification_token_expires_in);
  send_verification_link(ex.request, mail::MailKind::verify_email, session->user.email,
                         session->user, token, callback);
  return status_true();
}

http::Response AuthService::verify_email(Exchange& ex) {
  const auto token = ex.request.query_param("token");
  if (!token) {
    throw Error(ErrorKind::bad_request, "VALIDATION_ERROR",
                "[query.token] Invalid input: expected string, received undefined");
  }
  auto callback = ex.request.query_param("callbackURL");
  if (callback && callback->empty()) callback.reset();
  if (callback && !csrf_.is_trusted_callback(ex.request, *callback)) {
    throw Error(ErrorKind::forbidden, "INVALID_CALLBACK_URL", "Invalid callbackURL");
  }
  const auto fail = [&](const char* code, const char* message) {
    if (callback) return redirect(with_error(*callback, code));
    throw Error(ErrorKind::unauthorized, code, message);
  };
  const auto done = [&](const std::optional<User>& user) {
    if (callback) return redirect(*callback);
    std::string out = R"({"status":true,"user":)";
    if (user) {
      append_user_json(out, *user);
    } else {
      out += "null";
    }
    out += '}';
    return http::Response::json_text(200, std::move(out));
  };

  const auto verified = verify_verification_jwt(*token, secret(), epoch_seconds(clock_.now()));
  if (verified.verdict == JwtVerdict::expired) return fail("TOKEN_EXPIRED", "Token expired");
  if (verified.verdict != JwtVerdict::valid) return fail("INVALID_TOKEN", "Invalid token");
  const auto& claims = verified.claims;

  if (claims.update_to) {
    if (!claims.user_id) return fail("INVALID_TOKEN", "Invalid token");
    std::optional<User> bound;
    {
      auto lease = database_.acquire();
      bound = find_user_by_id(*lease, *claims.user_id);
    }
    if (!bound) return fail("USER_NOT_FOUND", "User not found");
    if (bound->email != claims.email) return fail("INVALID_TOKEN", "Invalid token");
    const auto session = optional_session(ex);
    if (session && session->user.id != bound->id) return fail("INVALID_USER", "Invalid user");

    if (claims.request_type == kChangeEmailConfirmation) {
      // The old address confirmed: now prove the new one.
      const auto next =
          verification_token(claims.email, claims.update_to, std::string(kChangeEmailVerification),
                             bound->id, options_.verification_token_expires_in);
      User recipient = *bound;
      recipient.email = *claims.update_to;
      send_verification_link(ex.request, mail::MailKind::change_email_verification,
                             *claims.update_to, recipient, next, callback);
      if (callback) return redirect(*callback);
      return status_true();
    }
    // change-email-verification keeps the verified flag (the new address was just proven);
    // a legacy token (no requestType) moves the address unverified and mails a plain link.
    const bool legacy = claims.request_type != kChangeEmailVerification;
    const bool now_verified = legacy ? false : bound->email_verified;
    std::optional<User> updated;
    try {
      auto lease = database_.acquire();
      updated = update_user_email(*lease, bound->id, *claims.update_to, now_verified, now());
    } catch (const db::DbError& e) {
      if (e.db_kind() != db::DbErrorKind::unique_violation) throw;
      // Someone signed up with the new address after the link was sent.
      throw Error(ErrorKind::unprocessable, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                  "User already exists. Use another email.");
    }
    if (!updated) return fail("USER_NOT_FOUND", "User not found");
    if (legacy) {
      const auto next = verification_token(updated->email, std::nullopt, std::nullopt, updated->id,
                                           kDefaultTokenLifetime);
      send_verification_link(ex.request, mail::MailKind::verify_email, updated->email, *updated,
                             next, callback);
    }
    if (session) set_session_cookie(ex, session->session, std::nullopt);
    return done(updated);
  }

  std::optional<User> user;
  {
    auto lease = database_.acquire();
    user = find_user_by_email(*lease, lower_email(claims.email));
  }
  if (!user) return fail("USER_NOT_FOUND", "User not found");
  if (claims.user_id && *claims.user_id != user->id) return fail("INVALID_TOKEN", "Invalid token");
  if (user->email_verified) return done(std::nullopt);
  {
    auto lease = database_.acquire();
    mark_email_verified(*lease, user->email, now());
  }
  if (options_.auto_sign_in_after_verification) {
    const auto current = optional_session(ex);
    if (!current || current->user.email != claims.email) {
      Session session = new_session(user->id, false, ex.request, now());
      {
        auto lease = database_.acquire();
        insert_session(*lease, session);
      }
      set_session_cookie(ex, session, std::nullopt);
    } else {
      set_session_cookie(ex, current->session, std::nullopt);
    }
  }
  return done(std::nullopt);
}

http::Response AuthService::change_email(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"newEmail", FieldType::string, false, true},
      {"callbackURL", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_session(ex);
  if (!options_.change_email_enabled) {
    throw Error(ErrorKind::bad_request, "CHANGE_EMAIL_DISABLED", "Change email is disabled");
  }
  const std::string new_email = lower_email(*body_string(ex, "newEmail"));
  const auto callback = body_string(ex, "callbackURL");
  if (new_email == s.user.email) throw Error(ErrorKind::bad_request, "", "Email is the same");
  if (new_email.size() > kMaxEmailLength) {
    throw Error(ErrorKind::bad_request, "INVALID_EMAIL", "Invalid email");
  }
  // atrium always has a mailer, so a verification flow is always possible (Better Auth's
  // "Verification email isn't enabled" cannot happen).
  const bool update_without_verification =
      !s.user.email_verified && options_.update_email_without_verification;
  const bool send_confirmation = s.user.email_verified && options_.send_change_email_confirmation;
  const auto lifetime = options_.verification_token_expires_in;

  bool taken = false;
  {
    auto lease = database_.acquire();
    taken = find_user_by_email(*lease, new_email).has_value();
  }
  if (taken) {
    // The same signing work as a real change, and the same answer: nothing says the address
    // belongs to someone.
    verification_token(s.user.email, new_email, std::nullopt, s.user.id, lifetime);
    return status_true();
  }

  if (update_without_verification) {
    std::optional<User> updated;
    try {
      auto lease = database_.acquire();
      updated = update_user_email(*lease, s.user.id, new_email, false, now());
    } catch (const db::DbError& e) {
      if (e.db_kind() != db::DbErrorKind::unique_violation) throw;
      return status_true();  // taken meanwhile: the same answer as taken before
    }
    if (!updated) throw Error(ErrorKind::unauthorized, "UNAUTHORIZED", "Unauthorized");
    set_session_cookie(ex, s.session, std::nullopt);
    const auto token =
        verification_token(new_email, std::nullopt, std::nullopt, s.user.id, lifetime);
    send_verification_link(ex.request, mail::MailKind::verify_email, new_email, *updated, token,
                           callback);
    return status_true();
  }
  if (send_confirmation) {
    const auto token = verification_token(
        s.user.email, new_email, std::string(kChangeEmailConfirmation), s.user.id, lifetime);
    send_verification_link(ex.request, mail::MailKind::change_email_confirmation, s.user.email,
                           s.user, token, callback);
    return status_true();
  }
  const auto token = verification_token(s.user.email, new_email,
                                        std::string(kChangeEmailVerification), s.user.id, lifetime);
  User recipient = s.user;
  recipient.email = new_email;
  send_verification_link(ex.request, mail::MailKind::change_email_verification, new_email,
                         recipient, token, callback);
  return status_true();
}

}  // namespace atrium::auth
