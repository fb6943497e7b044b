#include "auth/auth_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>

#include "auth/account_links.hpp"
#include "auth/account_store.hpp"
#include "auth/body_schema.hpp"
#include "auth/constant_time.hpp"
#include "auth/database_rate_limit_storage.hpp"
#include "auth/db_time.hpp"
#include "auth/email_address.hpp"
#include "auth/error_page.hpp"
#include "auth/json_output.hpp"
#include "auth/memory_rate_limit_storage.hpp"
#include "auth/session_store.hpp"
#include "auth/unicode.hpp"
#include "auth/user_store.hpp"
#include "core/error.hpp"
#include "db/error.hpp"
#include "db/grouped_reads.hpp"
#include "db/transaction.hpp"
#include "http/json.hpp"
#include "http/server.hpp"

namespace atrium::auth {
namespace {

// Better Auth's built-in secret when none is configured (development only: production
// configuration refuses to start without one).
constexpr const char* kDefaultSecret = "better-auth-secret-12345678901234567890";

// RFC 5321's limit. zod accepts longer addresses, but PostgreSQL cannot index a few thousand
// bytes, and no mail system delivers to them.
constexpr std::size_t kMaxEmailLength = 320;

const std::string& current_secret(const Config& config) {
  static const std::string fallback = kDefaultSecret;
  return config.secrets.empty() ? fallback : config.current_secret();
}

Error bad_request(std::string code, const std::string& message) {
  return Error(ErrorKind::bad_request, std::move(code), message);
}

Error unauthorized() {
  return Error(ErrorKind::unauthorized, "UNAUTHORIZED", "Unauthorized");
}

const boost::json::object& body_object(const Exchange& ex) {
  return ex.body->as_object();
}

std::string string_field(const boost::json::object& o, std::string_view key) {
  return std::string(o.at(key).as_string());
}

std::optional<std::string> optional_string(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

bool is_false(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && !v->as_bool();
}

bool js_truthy(const boost::json::value* v) {
  if (v == nullptr) return false;
  switch (v->kind()) {
    case boost::json::kind::null:
      return false;
    case boost::json::kind::bool_:
      return v->as_bool();
    case boost::json::kind::int64:
      return v->as_int64() != 0;
    case boost::json::kind::uint64:
      return v->as_uint64() != 0;
    case boost::json::kind::double_:
      return v->as_double() != 0 && v->as_double() == v->as_double();
    case boost::json::kind::string:
      return !v->as_string().empty();
    default:
      return true;
  }
}

// Text that reaches a table must be storable by both databases; anything else is the
// client's mistake (a 400), never a driver error (a 500).
void require_storable(std::string_view text, std::string_view field) {
  if (!is_storable_text(text)) {
    throw bad_request("VALIDATION_ERROR",
                      "[body." + std::string(field) +
                          "] Invalid input: expected text without NUL characters or invalid "
                          "UTF-8");
  }
}

bool query_flag(const http::Request& request, std::string_view name) {
  // z.coerce.boolean(): Boolean(value), so any non-empty value (even "false") is true.
  const auto v = request.query_param(name);
  return v && !v->empty();
}

bool is_safe_error_code(std::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '\'';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

AuthService::AuthService(const Config& config, db::Database& database, Clock& clock,
                         RandomSource& random, PasswordHasher& hasher, AuthOptions options)
    : AuthService(config, database, clock, random, nullptr, &hasher, std::move(options)) {}

AuthService::AuthService(const Config& config, db::Database& database, const AuthOptions& options)
    : AuthService(config, database, system_clock(), system_random(),
                  std::make_unique<ScryptHasher>(system_random(), options.scrypt), nullptr,
                  options) {}

AuthService::AuthService(const Config& config, db::Database& database, Clock& clock,
                         RandomSource& random, std::unique_ptr<PasswordHasher> owned_hasher,
                         PasswordHasher* hasher, AuthOptions options)
    : config_(config),
      database_(database),
      clock_(clock),
      random_(random),
      options_(std::move(options)),
      owned_hasher_(std::move(owned_hasher)),
      hasher_(hasher != nullptr ? hasher : owned_hasher_.get()),
      signer_(current_secret(config)),
      cookies_(CookieSettings{options_.cookie_prefix,
                              use_secure_cookies(config.base_url, config.is_production()),
                              options_.session_expires_in.count()}),
      csrf_(TrustedOrigins(config.base_url, config.trusted_origins)),
      ip_resolver_(config.trusted_proxies),
      rate_limit_enabled_(config.rate_limit) {
  hashing_ = std::make_unique<HashingPool>(*hasher_, options_.hash_threads, options_.hash_queue);
  if (config.rate_limit_storage == "database") {
    rate_limit_storage_ = std::make_unique<DatabaseRateLimitStorage>(database_, random_);
  } else {
    rate_limit_storage_ = std::make_unique<MemoryRateLimitStorage>();
  }
  if (options_.batch_session_reads) {
    if (database_.dialect() == db::Dialect::sqlite) {
      session_reads_ = std::make_unique<db::GroupedReads>(database_, session_with_user_sql(),
                                                          http::defer_on_socket_thread);
    } else if (!database_.options().pg_pooler_transaction) {
      session_reads_ = std::make_unique<db::ReadBatcher>(database_, session_with_user_sql(),
                                                         options_.session_read_batches);
    }
  }
}

bool AuthService::answers_async() const {
  return session_reads_ != nullptr &&
         (!rate_limit_enabled_ || config_.rate_limit_storage != "database");
}

std::optional<std::string> AuthService::session_token(Exchange& ex) const {
  auto token = signed_cookie(ex, cookies_.session_token_name());
  if (token.verdict != CookieSigner::Verdict::valid) return std::nullopt;
  return std::move(token.value);
}

void AuthService::read_session(const std::string& token, SessionRead done) {
  session_reads_->submit({db::Value(token)}, [done = std::move(done)](db::ReadOutcome outcome) {
    if (outcome.error) return done(std::nullopt, outcome.error);
    std::optional<SessionWithUser> found;
    try {
      found = read_session_with_user(outcome.result);
    } catch (...) {
      return done(std::nullopt, std::current_exception());
    }
    done(std::move(found), nullptr);
  });
}

bool AuthService::answers_inline() const {
  return database_.dialect() == db::Dialect::sqlite && session_reads_ == nullptr &&
         (!rate_limit_enabled_ || config_.rate_limit_storage != "database");
}

AuthService::~AuthService() {
  // Let queued hashes finish before the hasher they use goes away.
  hashing_.reset();
}

mail::Mailer& AuthService::mailer() {
  // Tests and serve hand theirs in before any request; a service built without one (the
  // tools, a test of something else) makes the configured one on the first e-mail.
  std::call_once(mailer_once_, [this] {
    if (!mailer_) mailer_ = mail::make_mailer(config_);
  });
  return *mailer_;
}

const std::string& AuthService::secret() const {
  return current_secret(config_);
}

TimePoint AuthService::now() const {
  return to_millis(clock_.now());
}

std::optional<std::string> AuthService::client_ip(const http::Request& request) const {
  return ip_resolver_.resolve(request.client_address, request.header("x-forwarded-for"));
}

CookieSigner::Unsigned AuthService::signed_cookie(Exchange& ex, const std::string& name) const {
  const std::string* raw = nullptr;
  if (name == cookies_.session_token_name() && ex.bearer_session_cookie) {
    raw = &*ex.bearer_session_cookie;
  } else {
    raw = ex.request_cookie(name);
  }
  if (raw == nullptr || raw->empty()) return {};
  return signer_.unsign(*raw);
}

void AuthService::check_password_length(std::string_view password, bool check_min) const {
  const auto length = utf16_length(password);
  if (check_min && length < options_.min_password_length) {
    throw bad_request("PASSWORD_TOO_SHORT", "Password too short");
  }
  if (length > options_.max_password_length) {
    throw bad_request("PASSWORD_TOO_LONG", "Password too long");
  }
}

Session AuthService::new_session(const std::string& user_id, bool dont_remember,
                                 const http::Request& request, TimePoint t) {
  Session s;
  s.id = generate_id(random_);
  s.token = generate_id(random_);
  s.user_id = user_id;
  // rememberMe: false gives a one-day session whatever expiresIn says.
  s.expires_at = t + (dont_remember ? std::chrono::seconds(86400) : options_.session_expires_in);
  s.created_at = t;
  s.updated_at = t;
  s.ip_address = client_ip(request).value_or("");
  s.user_agent = std::string(request.header("user-agent").value_or(""));
  return s;
}

void AuthService::set_session_cookie(Exchange& ex, const Session& session,
                                     std::optional<bool> dont_remember,
                                     std::optional<long long> max_age_override) {
  const auto dont_remember_cookie = signed_cookie(ex, cookies_.dont_remember_name());
  const bool has_dont_remember_cookie =
      dont_remember_cookie.verdict == CookieSigner::Verdict::valid &&
      !dont_remember_cookie.value.empty();
  const bool dont = dont_remember.value_or(has_dont_remember_cookie);
  std::optional<long long> max_age;
  if (!dont) max_age = options_.session_expires_in.count();
  if (max_age_override) max_age = max_age_override;
  ex.cookies.push_back(cookies_.session_token(signer_.cookie_value(session.token), max_age));
  if (dont) {
    ex.cookies.push_back(cookies_.dont_remember(signer_.cookie_value("true")));
  } else if (has_dont_remember_cookie) {
    cookies_.expire(ex.cookies, cookies_.dont_remember_name());
  }
}

std::optional<SessionWithUser> AuthService::resolve_session(Exchange& ex, bool disable_refresh) {
  // The cookie cache is off (Better Auth's default with a database): a session_data cookie
  // from some earlier configuration is expired.
  if (cookies_.carries_session_data(ex.request_cookies())) {
    cookies_.expire_session_data_chunks(ex.cookies, ex.request_cookies());
  }
  const auto token = signed_cookie(ex, cookies_.session_token_name());
  if (token.verdict != CookieSigner::Verdict::valid) return std::nullopt;

  // An asynchronous attempt has read already; the inline attempt reads on a connection it
  // may take without waiting.
  std::optional<db::Lease> held;
  std::optional<SessionWithUser> found;
  if (ex.prefetched && constant_time_equal(ex.prefetched->token, token.value)) {
    found = std::move(ex.prefetched->found);
    ex.prefetched.reset();
  } else {
    held = ex.inline_only ? database_.try_acquire() : std::optional<db::Lease>(database_.acquire());
    if (!held) throw RunOnWorker{};
    found = find_session_with_user(**held, token.value);
  }
  auto connection = [&]() -> db::Connection& {
    if (!held) held.emplace(database_.acquire());
    return **held;
  };
  const TimePoint t = now();
  if (!found || found->session.expires_at < t) {
    if (found && ex.inline_only) throw RunOnWorker{};
    cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
    if (found) delete_session(connection(), token.value);
    return std::nullopt;
  }
  const auto dont_remember = signed_cookie(ex, cookies_.dont_remember_name());
  if ((dont_remember.verdict == CookieSigner::Verdict::valid && !dont_remember.value.empty()) ||
      disable_refresh) {
    return found;
  }
  // Slide the expiry once updateAge has passed since it was last set.
  const bool needs_refresh =
      found->session.expires_at - options_.session_expires_in + options_.session_update_age <= t;
  if (needs_refresh) {
    if (ex.inline_only) throw RunOnWorker{};
    auto updated =
        update_session_expiry(connection(), token.value, t + options_.session_expires_in, t);
    if (!updated) {
      cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
      throw Error(ErrorKind::unauthorized, "FAILED_TO_GET_SESSION", "Failed to get session");
    }
    set_session_cookie(ex, *updated, false, options_.session_expires_in.count());
    found->session = std::move(*updated);
  }
  return found;
}

SessionWithUser AuthService::require_session(Exchange& ex) {
  // getSessionFromCtx swallows the inner endpoint's failure (and the cookies it had set) and
  // answers 401; database trouble is still a 503, not a sign-out.
  const auto saved = ex.cookies;
  std::optional<SessionWithUser> s;
  try {
    s = resolve_session(ex, query_flag(ex.request, "disableRefresh"));
  } catch (const db::DbError&) {
    throw;
  } catch (const Error&) {
    ex.cookies = saved;
    s.reset();
  }
  if (!s) throw unauthorized();
  ex.session = s;
  return *s;
}

SessionWithUser AuthService::require_fresh_session(Exchange& ex) {
  auto s = require_session(ex);
  const auto fresh_age = options_.session_fresh_age;
  if (fresh_age.count() != 0 && now() - s.session.created_at >= fresh_age) {
    throw Error(ErrorKind::forbidden, "SESSION_NOT_FRESH", "Session is not fresh");
  }
  return s;
}

std::optional<SessionWithUser> AuthService::current_session(const http::Request& request) {
  Exchange ex(const_cast<http::Request&>(request));
  apply_bearer(ex);
  const auto token = signed_cookie(ex, cookies_.session_token_name());
  if (token.verdict != CookieSigner::Verdict::valid) return std::nullopt;
  auto lease = database_.acquire();
  auto found = find_session_with_user(*lease, token.value);
  if (!found || found->session.expires_at < now()) return std::nullopt;
  return found;
}

// ---- endpoints ----

http::Response AuthService::sign_up_email(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"name"},
      {"email", FieldType::string, false, true},
      {"password", FieldType::string, false, false, true},
      {"image", FieldType::string, true},
      {"callbackURL", FieldType::string, true},
      {"rememberMe", FieldType::boolean, true},
  };
  validate_body(ex.body, BodyShape::object_and_record, kRules);
  csrf_.check_credential_form(ex.request);

  const auto& body = body_object(ex);
  const std::string name = string_field(body, "name");
  const std::string email = string_field(body, "email");
  const std::string password = string_field(body, "password");
  const auto image = optional_string(body, "image");
  const bool dont_remember = is_false(body, "rememberMe");
  if (!is_valid_email(email) || email.size() > kMaxEmailLength) {
    throw bad_request("INVALID_EMAIL", "Invalid email");
  }
  check_password_length(password, true);
  require_storable(name, "name");
  if (image) require_storable(*image, "image");
  const std::string normalized = lower_email(email);

  const auto exists = [&] {
    auto lease = database_.acquire();
    return find_user_by_email(*lease, normalized).has_value();
  }();
  // With verification required nobody is signed in by signing up, so the answer for a taken
  // address can look like any other (a made-up user, no token) instead of a 422.
  const bool generic_duplicate = options_.require_email_verification;
  const auto token_null_answer = [](const User& u) {
    std::string out = R"({"token":null,"user":)";
    append_user_json(out, u);
    out += '}';
    return http::Response::json_text(200, std::move(out));
  };
  const auto synthetic_user = [&] {
    const TimePoint t = now();
    return User{generate_id(random_), name, normalized, false, image, t, t};
  };
  if (exists) {
    if (generic_duplicate) {
      hashing_->hash(password);  // the same work as a real sign-up
      return token_null_answer(synthetic_user());
    }
    throw Error(ErrorKind::unprocessable, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                "User already exists. Use another email.");
  }
  // Hashed before the transaction opens: 32 MiB and ~80 ms of CPU must not hold a write lock.
  const std::string hash = hashing_->hash(password);

  const TimePoint t = now();
  User user{generate_id(random_), name, normalized, false, image, t, t};
  Account account{generate_id(random_), user.id, kCredentialProvider, user.id, hash, t, t};
  std::optional<Session> session;
  if (!generic_duplicate) session = new_session(user.id, dont_remember, ex.request, t);
  {
    auto lease = database_.acquire();
    db::Transaction tx(*lease);
    try {
      insert_user(*lease, user);
    } catch (const db::DbError& e) {
      if (e.db_kind() != db::DbErrorKind::unique_violation) throw;
      // Another sign-up took the address between the lookup and the insert.
      if (generic_duplicate) return token_null_answer(synthetic_user());
      throw Error(ErrorKind::unprocessable, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
                  "User already exists. Use another email.");
    }
    insert_account(*lease, account);
    if (on_user_created_) on_user_created_(*lease, user);
    if (session) insert_session(*lease, *session);
    tx.commit();
  }
  // After the commit, as Better Auth's queueAfterTransactionHook: no mail for a rolled-back user.
  if (options_.send_verification_on_sign_up.value_or(options_.require_email_verification)) {
    const auto token = verification_token(user.email, std::nullopt, std::nullopt, user.id,
                                          options_.verification_token_expires_in);
    send_verification_link(ex.request, mail::MailKind::verify_email, user.email, user, token,
                           optional_string(body, "callbackURL"));
  }
  if (!session) return token_null_answer(user);
  set_session_cookie(ex, *session, dont_remember);
  std::string out = R"({"token":)";
  append_json_string(out, session->token);
  out += R"(,"user":)";
  append_user_json(out, user);
  out += '}';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::sign_in_email(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"email"},
      {"password"},
      {"callbackURL", FieldType::string, true},
      {"rememberMe", FieldType::boolean, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  csrf_.check_credential_form(ex.request);

  const auto& body = body_object(ex);
  const std::string email = string_field(body, "email");
  const std::string password = string_field(body, "password");
  const auto callback = optional_string(body, "callbackURL");
  const bool dont_remember = is_false(body, "rememberMe");
  if (!is_valid_email(email)) throw bad_request("INVALID_EMAIL", "Invalid email");
  check_password_length(password, false);

  std::optional<UserWithPassword> found;
  if (email.size() <= kMaxEmailLength) {
    auto lease = database_.acquire();
    found = find_user_with_password(*lease, lower_email(email));
  }
  const auto reject = [] {
    return Error(ErrorKind::unauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
  };
  if (!found || !found->has_credential || !found->password || found->password->empty()) {
    // The same work as a wrong password, so response times do not tell which e-mails exist.
    hashing_->hash(password);
    throw reject();
  }
  if (!hashing_->verify(password, *found->password)) throw reject();
  if (options_.require_email_verification && !found->user.email_verified) {
    if (options_.send_verification_on_sign_in) {
      const auto token = verification_token(found->user.email, std::nullopt, std::nullopt,
                                            found->user.id, options_.verification_token_expires_in);
      send_verification_link(ex.request, mail::MailKind::verify_email, found->user.email,
                             found->user, token, callback);
    }
    throw Error(ErrorKind::forbidden, "EMAIL_NOT_VERIFIED", "Email not verified");
  }

  Session session = new_session(found->user.id, dont_remember, ex.request, now());
  {
    auto lease = database_.acquire();
    insert_session(*lease, session);
  }
  set_session_cookie(ex, session, dont_remember);
  if (callback && !callback->empty()) ex.set_header("Location", *callback);
  std::string out = callback && !callback->empty() ? R"({"redirect":true,"token":)"
                                                   : R"({"redirect":false,"token":)";
  append_json_string(out, session.token);
  if (callback) {
    out += R"(,"url":)";
    append_json_string(out, *callback);
  }
  out += R"(,"user":)";
  append_user_json(out, found->user);
  out += '}';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::sign_out(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"callbackURL", FieldType::string, true},
      {"disableRedirect", FieldType::boolean, true},
      {"state", FieldType::string, true},
  };
  validate_body(ex.body, BodyShape::optional_object, kRules);
  const auto token = signed_cookie(ex, cookies_.session_token_name());
  if (token.verdict == CookieSigner::Verdict::valid) {
    try {
      auto lease = database_.acquire();
      delete_session(*lease, token.value);
    } catch (const std::exception& e) {
      // Better Auth logs and still signs the browser out.
      spdlog::error("sign-out: failed to delete the session: {}", e.what());
    }
  }
  cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
  return http::Response::json_text(200, R"({"success":true})");
}

http::Response AuthService::get_session(Exchange& ex) {
  ex.set_header("cache-control", "no-store");
  ex.set_header("pragma", "no-cache");
  if (ex.request.method == "POST") {
    throw Error(ErrorKind::method_not_allowed, "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED",
                "POST method requires deferSessionRefresh to be enabled in session config");
  }
  const auto s = resolve_session(ex, query_flag(ex.request, "disableRefresh"));
  if (!s) return http::Response::json_text(200, "null");
  std::string out;
  out.reserve(640);
  out += R"({"session":)";
  append_session_json(out, s->session);
  out += R"(,"user":)";
  append_user_json(out, s->user);
  out += '}';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::list_sessions(Exchange& ex) {
  const auto s = require_fresh_session(ex);
  std::vector<Session> sessions;
  {
    auto lease = database_.acquire();
    sessions = list_active_sessions(*lease, s.user.id, now());
  }
  std::string out = "[";
  for (const auto& one : sessions) {
    if (out.size() > 1) out += ',';
    append_session_json(out, one);
  }
  out += ']';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::revoke_session(Exchange& ex) {
  static constexpr FieldRule kRules[] = {{"token"}};
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_session(ex);
  const std::string token = string_field(body_object(ex), "token");
  // Only the user's own sessions; an unknown token is not an error (Better Auth says
  // {"status":true} either way). Text no table can hold cannot name a session.
  if (is_storable_text(token)) {
    auto lease = database_.acquire();
    const auto target = find_session(*lease, token);
    if (target && target->user_id == s.user.id) delete_session(*lease, token);
  }
  if (token == s.session.token) cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
  return http::Response::json_text(200, R"({"status":true})");
}

http::Response AuthService::revoke_sessions(Exchange& ex) {
  const auto s = require_session(ex);
  {
    auto lease = database_.acquire();
    delete_user_sessions(*lease, s.user.id);
  }
  cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());
  return http::Response::json_text(200, R"({"status":true})");
}

http::Response AuthService::revoke_other_sessions(Exchange& ex) {
  const auto s = require_session(ex);
  {
    auto lease = database_.acquire();
    delete_other_sessions(*lease, s.user.id, s.session.token, now());
  }
  return http::Response::json_text(200, R"({"status":true})");
}

http::Response AuthService::update_user(Exchange& ex) {
  validate_body(ex.body, BodyShape::record, {});
  const auto s = require_session(ex);
  const auto& body = body_object(ex);
  if (js_truthy(body.if_contains("email"))) {
    throw bad_request("EMAIL_CAN_NOT_BE_UPDATED", "Email can not be updated");
  }
  // Better Auth passes whatever it gets to the database; atrium checks the two columns it
  // writes so a wrong type is a 400 rather than a driver error.
  std::optional<std::string> name;
  if (const auto* v = body.if_contains("name")) {
    if (!v->is_string()) {
      throw bad_request(
          "VALIDATION_ERROR",
          "[body.name] Invalid input: expected string, received " + std::string(zod_type_name(v)));
    }
    name = std::string(v->as_string());
    require_storable(*name, "name");
  }
  std::optional<std::optional<std::string>> image;
  if (const auto* v = body.if_contains("image")) {
    if (v->is_null()) {
      image.emplace(std::nullopt);
    } else if (v->is_string()) {
      image.emplace(std::string(v->as_string()));
      require_storable(**image, "image");
    } else {
      throw bad_request(
          "VALIDATION_ERROR",
          "[body.image] Invalid input: expected string, received " + std::string(zod_type_name(v)));
    }
  }
  if (!name && !image) throw bad_request("", "No fields to update");
  {
    auto lease = database_.acquire();
    update_user_fields(*lease, s.user.id, name, image, now());
  }
  set_session_cookie(ex, s.session, std::nullopt);
  return http::Response::json_text(200, R"({"status":true})");
}

http::Response AuthService::change_password(Exchange& ex) {
  static constexpr FieldRule kRules[] = {
      {"newPassword"},
      {"currentPassword"},
      {"revokeOtherSessions", FieldType::boolean, true},
  };
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_session(ex);
  const auto& body = body_object(ex);
  const std::string new_password = string_field(body, "newPassword");
  const std::string current_password = string_field(body, "currentPassword");
  const auto* revoke_value = body.if_contains("revokeOtherSessions");
  const bool revoke = revoke_value != nullptr && revoke_value->is_bool() && revoke_value->as_bool();
  check_password_length(new_password, true);
  check_password_length(current_password, false);

  std::optional<Account> account;
  {
    auto lease = database_.acquire();
    account = find_credential_account(*lease, s.user.id);
  }
  if (!account || !account->password || account->password->empty()) {
    throw bad_request("CREDENTIAL_ACCOUNT_NOT_FOUND", "Credential account not found");
  }
  // Both hashes before any transaction, in Better Auth's order (new first).
  const std::string new_hash = hashing_->hash(new_password);
  if (!hashing_->verify(current_password, *account->password)) {
    throw bad_request("INVALID_PASSWORD", "Invalid password");
  }
  const TimePoint t = now();
  std::optional<Session> fresh;
  {
    auto lease = database_.acquire();
    db::Transaction tx(*lease);
    if (revoke) delete_user_sessions(*lease, s.user.id);
    update_account_password(*lease, account->id, new_hash, t);
    if (revoke) {
      fresh = new_session(s.user.id, false, ex.request, t);
      insert_session(*lease, *fresh);
    }
    tx.commit();
  }
  if (fresh) set_session_cookie(ex, *fresh, std::nullopt);
  std::string out = R"({"token":)";
  if (fresh) {
    append_json_string(out, fresh->token);
  } else {
    out += "null";
  }
  out += R"(,"user":)";
  append_user_json(out, s.user);
  out += '}';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::verify_password(Exchange& ex) {
  static constexpr FieldRule kRules[] = {{"password"}};
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_session(ex);
  const std::string password = string_field(body_object(ex), "password");
  check_password_length(password, false);
  std::optional<Account> account;
  {
    auto lease = database_.acquire();
    account = find_credential_account(*lease, s.user.id);
  }
  const bool ok = account && account->password && !account->password->empty() &&
                  hashing_->verify(password, *account->password);
  if (!ok) throw bad_request("INVALID_PASSWORD", "Invalid password");
  return http::Response::json_text(200, R"({"status":true})");
}

http::Response AuthService::ok(Exchange&) {
  return http::Response::json_text(200, R"({"ok":true})");
}

http::Response AuthService::error_page(Exchange& ex) {
  const auto raw_code = ex.request.query_param("error");
  const std::string unsafe_code = raw_code && !raw_code->empty() ? *raw_code : "UNKNOWN";
  const std::string code = is_safe_error_code(unsafe_code) ? unsafe_code : "UNKNOWN";
  auto description = ex.request.query_param("error_description");
  if (description && description->empty()) description.reset();
  if (config_.is_production()) {
    // Without a customised page Better Auth sends production users home with the code.
    std::string location = "/?error=" + form_encode(code);
    if (description) location += "&error_description=" + form_encode(*description);
    auto r = http::Response::empty(302);
    r.header("Location", location);
    return r;
  }
  return http::Response::text(200, render_error_page(code, description), "text/html");
}

// ---- hooks ----

std::optional<http::Response> AuthService::rate_limit(const http::Request& request) {
  if (!rate_limit_enabled_) return std::nullopt;
  const std::string path = rate_limit_path(request.path, options_.base_path);
  const RateLimitRule rule = rate_limit_rule_for(path, options_.rate_limit);
  const std::string key = rate_limit_key(client_ip(request).value_or(""), path);
  const auto decision = rate_limit_storage_->consume(key, rule, epoch_ms(now()));
  if (decision.allowed) return std::nullopt;
  auto r = http::Response::json_text(429, std::string(kRateLimitBody));
  r.header("x-retry-after", std::to_string(decision.retry_after_seconds));
  return r;
}

void AuthService::apply_bearer(Exchange& ex) const {
  const auto header = ex.request.header("authorization");
  if (!header || header->size() < 7) return;
  std::string scheme(header->substr(0, 7));
  for (auto& c : scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (scheme != "bearer ") return;
  std::string_view token = header->substr(7);
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return;
  std::string value;
  if (token.find('.') != std::string_view::npos) {
    value = std::string(token);
    if (token.find('%') != std::string_view::npos) {
      if (auto decoded = http::decode_uri_component(token)) value = std::move(*decoded);
    }
  } else {
    // A bare session token: the server signs it itself.
    value = signer_.sign(token);
  }
  // A token that does not verify leaves the request as it was (cookies still count).
  if (signer_.unsign(value).verdict != CookieSigner::Verdict::valid) return;
  ex.bearer_session_cookie = std::move(value);
}

void AuthService::add_auth_token_header(http::Response& response) const {
  const http::SetCookie* session_cookie = nullptr;
  for (const auto& c : response.cookies) {
    if (c.name == cookies_.session_token_name()) session_cookie = &c;  // the last one wins
  }
  if (session_cookie == nullptr || session_cookie->value.empty() ||
      (session_cookie->max_age && *session_cookie->max_age == 0)) {
    return;
  }
  std::string token = session_cookie->value;
  if (auto decoded = http::decode_uri_component(token)) token = std::move(*decoded);
  std::vector<std::string> exposed;
  if (const auto* existing = response.find_header("access-control-expose-headers")) {
    std::string_view rest = *existing;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      auto item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty() && std::find(exposed.begin(), exposed.end(), item) == exposed.end()) {
        exposed.emplace_back(item);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (std::find(exposed.begin(), exposed.end(), "set-auth-token") == exposed.end()) {
    exposed.emplace_back("set-auth-token");
  }
  std::string joined;
  for (const auto& e : exposed) {
    if (!joined.empty()) joined += ", ";
    joined += e;
  }
  response.set_header("set-auth-token", token);
  response.set_header("Access-Control-Expose-Headers", joined);
}

}  // namespace atrium::auth
