#pragma once
// The one error type that crosses layers. Handlers throw it (or a subclass such as db::DbError);
// the HTTP boundary turns it into a status and Better Auth's {"message","code"} body using the
// single table in error.cpp, so no layer decides statuses with scattered ifs.

#include <stdexcept>
#include <string>

namespace atrium {

enum class ErrorKind {
  bad_request,
  unauthorized,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  payload_too_large,
  unsupported_media_type,
  unprocessable,
  too_many_requests,
  internal,
  unavailable,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, const std::string& message)
      : std::runtime_error(message), kind_(kind), code_(std::move(code)) {}

  ErrorKind kind() const noexcept { return kind_; }
  // Better Auth's machine-readable code, e.g. "INVALID_EMAIL_OR_PASSWORD"; may be empty.
  const std::string& code() const noexcept { return code_; }
  int http_status() const noexcept;

 private:
  ErrorKind kind_;
  std::string code_;
};

// The single kind -> HTTP status table.
int http_status(ErrorKind kind) noexcept;

// Whether the message may be shown to a client; internal errors are logged, not echoed.
bool is_client_visible(ErrorKind kind) noexcept;

}  // namespace atrium
