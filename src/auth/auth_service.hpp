#pragma once
// Better Auth's e-mail and password server: the state every /api/auth endpoint shares
// (secret, cookies, trusted origins, rate limiter, hashing pool, stores) and the endpoints
// themselves. auth_routes.cpp puts them on the router; other layers ask current_session()
// who is signed in.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auth/auth_cookies.hpp"
#include "auth/auth_options.hpp"
#include "auth/client_ip.hpp"
#include "auth/cookie_signer.hpp"
#include "auth/csrf.hpp"
#include "auth/exchange.hpp"
#include "auth/hashing_pool.hpp"
#include "auth/model.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limit.hpp"
#include "auth/scrypt_hasher.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/random.hpp"
#include "db/connection.hpp"
#include "db/database.hpp"
#include "db/deferred_reads.hpp"
#include "db/read_batcher.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "mail/mailer.hpp"

namespace atrium::auth {

// Runs inside the sign-up transaction, after the user and credential account rows are
// written: what it writes commits or rolls back with them.
using UserCreatedHook = std::function<void(db::Connection&, const User&)>;

class AuthService {
 public:
  AuthService(const Config& config, db::Database& database, Clock& clock, RandomSource& random,
              PasswordHasher& hasher, AuthOptions options = {});
  // The process's clock, CSPRNG and a ScryptHasher with options.scrypt.
  AuthService(const Config& config, db::Database& database, const AuthOptions& options = {});
  ~AuthService();
  AuthService(const AuthService&) = delete;
  AuthService& operator=(const AuthService&) = delete;

  void on_user_created(UserCreatedHook hook) { on_user_created_ = std::move(hook); }
  // Where the account flows send their e-mails; the service uses mail::make_mailer(config)
  // until one is given (serve and tests give their own, to share or inspect it).
  void use_mailer(std::shared_ptr<mail::Mailer> mailer) { mailer_ = std::move(mailer); }
  mail::Mailer& mailer();

  // Who is signed in, by the session cookie or an Authorization: Bearer token, for the other
  // layers. Read-only: it neither refreshes the session nor sets cookies. Nullopt for no,
  // invalid or expired sessions.
  std::optional<SessionWithUser> current_session(const http::Request& request);

  // The endpoints (paths relative to the base path).
  http::Response sign_up_email(Exchange& ex);          // POST /sign-up/email
  http::Response sign_in_email(Exchange& ex);          // POST /sign-in/email
  http::Response sign_out(Exchange& ex);               // POST /sign-out
  http::Response get_session(Exchange& ex);            // GET (and POST: 405) /get-session
  http::Response list_sessions(Exchange& ex);          // GET /list-sessions
  http::Response revoke_session(Exchange& ex);         // POST /revoke-session
  http::Response revoke_sessions(Exchange& ex);        // POST /revoke-sessions
  http::Response revoke_other_sessions(Exchange& ex);  // POST /revoke-other-sessions
  http::Response update_user(Exchange& ex);            // POST /update-user
  http::Response change_password(Exchange& ex);        // POST /change-password
  http::Response verify_password(Exchange& ex);        // POST /verify-password
  // The account flows (issue 5). Each group lives in its own file:
  // auth_email_verification.cpp, auth_password_reset.cpp, auth_delete_user.cpp,
  // auth_linked_accounts.cpp.
  http::Response send_verification_email(Exchange& ex);  // POST /send-verification-email
  http::Response verify_email(Exchange& ex);             // GET /verify-email
  http::Response change_email(Exchange& ex);             // POST /change-email
  http::Response request_password_reset(Exchange& ex);   // POST /request-password-reset
  http::Response reset_password_callback(Exchange& ex);  // GET /reset-password/{token}
  http::Response reset_password(Exchange& ex);           // POST /reset-password
  http::Response delete_user(Exchange& ex);              // POST /delete-user
  http::Response delete_user_callback(Exchange& ex);     // GET /delete-user/callback
  http::Response list_accounts(Exchange& ex);            // GET /list-accounts
  http::Response unlink_account(Exchange& ex);           // POST /unlink-account
  http::Response ok(Exchange& ex);                       // GET /ok
  http::Response error_page(Exchange& ex);               // GET /error

  // The rate limiter (onRequest): a 429 response when the request is refused.
  std::optional<http::Response> rate_limit(const http::Request& request);
  // The bearer plugin's before hook: a valid Authorization: Bearer becomes the session cookie.
  void apply_bearer(Exchange& ex) const;
  // Its after hook: set-auth-token when the response sets a live session cookie.
  void add_auth_token_header(http::Response& response) const;

  const CsrfGuard& csrf() const { return csrf_; }
  const AuthCookies& cookies() const { return cookies_; }
  const CookieSigner& signer() const { return signer_; }
  const AuthOptions& options() const { return options_; }
  HashingPool& hashing() { return *hashing_; }
  bool rate_limit_enabled() const { return rate_limit_enabled_; }
  // Whether get-session may be tried on the socket thread, its session read there too (SQLite
  // with batch_session_reads off): an SQLite read never leaves the machine and, with a
  // connection idle in the pool, need not wait; the rate limiter must not touch the database
  // either.
  bool answers_inline() const;
  // Whether get-session may be tried asynchronously: its session read is deferred
  // (AuthOptions::batch_session_reads) and the rate limiter does not touch the database.
  bool answers_async() const;
  // The session token the request's cookie (or bearer) carries, if its signature holds.
  std::optional<std::string> session_token(Exchange& ex) const;
  // Reads the session for `token` with others (db::ReadBatcher's thread on PostgreSQL, after
  // the socket thread's turn on SQLite) and calls `done` there with the row (nullopt: none) or
  // the error that stopped the read.
  using SessionRead = std::function<void(std::optional<SessionWithUser>, std::exception_ptr)>;
  void read_session(const std::string& token, SessionRead done);

 private:
  AuthService(const Config& config, db::Database& database, Clock& clock, RandomSource& random,
              std::unique_ptr<PasswordHasher> owned_hasher, PasswordHasher* hasher,
              AuthOptions options);
  TimePoint now() const;
  std::optional<std::string> client_ip(const http::Request& request) const;
  // getSignedCookie on the request (or the bearer's stand-in for the session cookie).
  CookieSigner::Unsigned signed_cookie(Exchange& ex, const std::string& name) const;
  // getSession's algorithm; may refresh the session, set or expire cookies, delete an expired
  // row. Throws 401 FAILED_TO_GET_SESSION when the refresh finds the row gone.
  std::optional<SessionWithUser> resolve_session(Exchange& ex, bool disable_refresh);
  // sessionMiddleware / sensitiveSessionMiddleware / freshSessionMiddleware.
  SessionWithUser require_session(Exchange& ex);
  SessionWithUser require_fresh_session(Exchange& ex);
  // setSessionCookie(ctx, session, dontRememberMe?, {maxAge}?).
  void set_session_cookie(Exchange& ex, const Session& session, std::optional<bool> dont_remember,
                          std::optional<long long> max_age_override = std::nullopt);
  Session new_session(const std::string& user_id, bool dont_remember, const http::Request& req,
                      TimePoint now);
  void check_password_length(std::string_view password, bool check_min) const;
  // Account deletion (auth_delete_user.cpp): spend a delete-account token issued to `user`
  // (404 INVALID_TOKEN otherwise) and delete; delete and expire the session cookies.
  void delete_user_by_token(Exchange& ex, const User& user, const std::string& token);
  void delete_current_user(Exchange& ex, const User& user);

  // E-mail verification and change-email (auth_email_verification.cpp).
  // ctx.context.secret and ctx.context.baseURL (the base URL with the base path) for links.
  const std::string& secret() const;
  std::string auth_base_url(const http::Request& request) const;
  // createEmailVerificationToken: the JWT for `email` (lower-cased here), valid `lifetime`.
  std::string verification_token(const std::string& email,
                                 const std::optional<std::string>& update_to,
                                 const std::optional<std::string>& request_type,
                                 const std::optional<std::string>& user_id,
                                 std::chrono::seconds lifetime) const;
  // Mails `<baseURL>/verify-email?token=…&callbackURL=…` (callbackURL "/" when absent).
  void send_verification_link(const http::Request& request, mail::MailKind kind,
                              const std::string& to, const User& user, const std::string& token,
                              const std::optional<std::string>& callback_url);
  // getSessionFromCtx: the session or nullopt, never an error for a bad one.
  std::optional<SessionWithUser> optional_session(Exchange& ex);

  Config config_;  // a copy: the service may outlive the caller's
  db::Database& database_;
  Clock& clock_;
  RandomSource& random_;
  AuthOptions options_;
  std::unique_ptr<PasswordHasher> owned_hasher_;
  PasswordHasher* hasher_;
  std::unique_ptr<HashingPool> hashing_;
  CookieSigner signer_;
  AuthCookies cookies_;
  CsrfGuard csrf_;
  ClientIpResolver ip_resolver_;
  bool rate_limit_enabled_;
  std::unique_ptr<RateLimitStorage> rate_limit_storage_;
  std::unique_ptr<db::DeferredReads> session_reads_;  // see AuthOptions::batch_session_reads
  UserCreatedHook on_user_created_;
  std::shared_ptr<mail::Mailer> mailer_;
  std::once_flag mailer_once_;  // the lazily made default mailer
};

}  // namespace atrium::auth
