#include "auth/auth_routes.hpp"

#include <string>

#include "auth/request_body.hpp"
#include "core/error.hpp"
#include "db/error.hpp"

namespace atrium::auth {
namespace {

using Endpoint = http::Response (AuthService::*)(Exchange&);

struct Spec {
  const char* method;
  const char* path;
  Endpoint endpoint;
  const char* summary;
  AllowedMedia media = AllowedMedia::json;
  bool reads_body = true;          // get-session ignores any body (disableBody)
  bool may_answer_inline = false;  // tried without a worker first (run_inline, run_async)
  bool hashes = false;             // waits for the hashing pool: runs on the long-running workers
};

http::Response run(AuthService& service, const Spec& spec, http::Request& request) {
  if (auto limited = service.rate_limit(request)) return std::move(*limited);
  Exchange ex(request);
  http::Response response;
  try {
    if (spec.reads_body) ex.body = read_body(request, spec.media);
    service.csrf().check_request(request, ex.body);
    service.apply_bearer(ex);
    response = (service.*spec.endpoint)(ex);
  } catch (const db::DbError&) {
    throw;  // the server's mapper logs it and answers 500 or 503
  } catch (const Error& e) {
    if (!is_client_visible(e.kind())) throw;
    response = http::Response::error(e.http_status(), e.what(), e.code());
  }
  for (auto& [name, value] : ex.headers) response.set_header(name, std::move(value));
  for (auto& c : ex.cookies) response.cookies.push_back(std::move(c));
  service.add_auth_token_header(response);
  return response;
}

// The same where nothing may wait (Exchange::inline_only), for get-session's common case:
// nullopt when the endpoint would have to wait or write, and the request must start again on
// the worker pool. The rate limiter counts last here, so a request handed on is counted once,
// there; nothing before it had any effect, so the answer is the same as counting first.
std::optional<http::Response> run_without_waiting(AuthService& service, const Spec& spec,
                                                  Exchange& ex) {
  http::Response response;
  try {
    service.csrf().check_request(ex.request, ex.body);
    service.apply_bearer(ex);
    response = (service.*spec.endpoint)(ex);
  } catch (const RunOnWorker&) {
    return std::nullopt;
  } catch (const db::DbError&) {
    return std::nullopt;  // a lock held elsewhere, or trouble the worker will report
  } catch (const Error& e) {
    if (!is_client_visible(e.kind())) throw;
    response = http::Response::error(e.http_status(), e.what(), e.code());
  }
  if (auto limited = service.rate_limit(ex.request)) return std::move(*limited);
  for (auto& [name, value] : ex.headers) response.set_header(name, std::move(value));
  for (auto& c : ex.cookies) response.cookies.push_back(std::move(c));
  service.add_auth_token_header(response);
  return response;
}

// On the socket thread (AuthService::answers_inline: SQLite without deferred reads).
http::Response run_inline(AuthService& service, const Spec& spec, http::Request& request) {
  Exchange ex(request);
  ex.inline_only = true;
  auto response = run_without_waiting(service, spec, ex);
  if (!response) {
    request.run_on_worker = true;
    return {};
  }
  return std::move(*response);
}

// Without a worker (AuthService::answers_async): the session read is deferred — to the batcher
// on PostgreSQL, to the end of the socket thread's turn on SQLite — and the rest runs on the
// socket thread once the row is back. Whatever goes wrong on the way passes the request on to
// the workers, which read again and report it.
void run_async(AuthService& service, const Spec& spec, http::Request& request,
               const http::AsyncAnswer& answer) {
  auto ex = std::make_shared<Exchange>(request);
  ex->inline_only = true;
  std::optional<std::string> token;
  try {
    service.csrf().check_request(request, ex->body);
    service.apply_bearer(*ex);
    token = service.session_token(*ex);
  } catch (const Error&) {
    // The rest meets the same error and answers it.
  }
  auto rest = [&service, &spec, ex](http::Request& r) {
    auto response = run_without_waiting(service, spec, *ex);
    if (!response) {
      r.run_on_worker = true;
      return http::Response{};
    }
    return std::move(*response);
  };
  if (!token) return answer(rest);  // nothing to read
  service.read_session(*token,
                       [ex, token = *token, answer, rest](std::optional<SessionWithUser> found,
                                                          const std::exception_ptr& error) {
                         if (error) return answer(nullptr);
                         ex->prefetched = Exchange::PrefetchedSession{token, std::move(found)};
                         answer(rest);
                       });
}

}  // namespace

void register_auth_routes(http::Router& router, AuthService& service) {
  static const Spec kSpecs[] = {
      {"POST", "/sign-up/email", &AuthService::sign_up_email, "Sign up with e-mail and password",
       AllowedMedia::json_or_form, true, false, true},
      {"POST", "/sign-in/email", &AuthService::sign_in_email, "Sign in with e-mail and password",
       AllowedMedia::json_or_form, true, false, true},
      {"POST", "/sign-out", &AuthService::sign_out, "Sign out"},
      {"GET", "/get-session", &AuthService::get_session, "The current session and user",
       AllowedMedia::json, false, true},
      {"POST", "/get-session", &AuthService::get_session,
       "Refused without deferSessionRefresh (405)", AllowedMedia::json, false},
      {"GET", "/list-sessions", &AuthService::list_sessions, "The user's active sessions"},
      {"POST", "/revoke-session", &AuthService::revoke_session,
       "Revoke one of the user's sessions"},
      {"POST", "/revoke-sessions", &AuthService::revoke_sessions, "Revoke all the user's sessions"},
      {"POST", "/revoke-other-sessions", &AuthService::revoke_other_sessions,
       "Revoke the user's other sessions"},
      {"POST", "/update-user", &AuthService::update_user, "Update the user's name or image"},
      {"POST", "/change-password", &AuthService::change_password, "Change the password",
       AllowedMedia::json, true, false, true},
      {"POST", "/verify-password", &AuthService::verify_password, "Check the password",
       AllowedMedia::json, true, false, true},
      // Password reset, account deletion, linked accounts (issue 5).
      {"POST", "/request-password-reset", &AuthService::request_password_reset,
       "E-mail a password reset link"},
      {"GET", "/reset-password/{token}", &AuthService::reset_password_callback,
       "Redirect a reset link to the app with its token"},
      {"POST", "/reset-password", &AuthService::reset_password, "Set a new password with a token",
       AllowedMedia::json, true, false, true},
      {"POST", "/delete-user", &AuthService::delete_user, "Delete the user", AllowedMedia::json,
       true, false, true},
      {"GET", "/delete-user/callback", &AuthService::delete_user_callback,
       "Delete the user with an e-mailed token"},
      {"GET", "/list-accounts", &AuthService::list_accounts, "The user's linked accounts"},
      {"POST", "/unlink-account", &AuthService::unlink_account,
       "Unlink one of the user's accounts"},
      // E-mail verification and change-email (issue 5).
      {"POST", "/send-verification-email", &AuthService::send_verification_email,
       "E-mail a verification link"},
      {"GET", "/verify-email", &AuthService::verify_email,
       "Verify an e-mail address (or an address change) by its link", AllowedMedia::json, false},
      {"POST", "/change-email", &AuthService::change_email, "Change the user's e-mail address"},
      {"GET", "/ok", &AuthService::ok, "Liveness of the auth API"},
      {"GET", "/error", &AuthService::error_page, "Better Auth's error page"},
  };
  const std::string base = service.options().base_path;
  for (const auto& spec : kSpecs) {
    http::RouteOptions options{.long_running = spec.hashes, .summary = spec.summary, .tag = "auth"};
    if (spec.may_answer_inline && service.answers_inline()) {
      options.inline_attempt = [&service, &spec](http::Request& request) {
        return run_inline(service, spec, request);
      };
    } else if (spec.may_answer_inline && service.answers_async()) {
      options.async_attempt = [&service, &spec](http::Request& request,
                                                const http::AsyncAnswer& answer) {
        run_async(service, spec, request, answer);
      };
    }
    router.add(
        spec.method, base + spec.path,
        [&service, &spec](http::Request& request) { return run(service, spec, request); }, options);
  }
}

}  // namespace atrium::auth
