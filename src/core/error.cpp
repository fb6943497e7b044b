#include "core/error.hpp"

namespace atrium {

int http_status(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::bad_request:
      return 400;
    case ErrorKind::unauthorized:
      return 401;
    case ErrorKind::forbidden:
      return 403;
    case ErrorKind::not_found:
      return 404;
    case ErrorKind::method_not_allowed:
      return 405;
    case ErrorKind::conflict:
      return 409;
    case ErrorKind::payload_too_large:
      return 413;
    case ErrorKind::unsupported_media_type:
      return 415;
    case ErrorKind::unprocessable:
      return 422;
    case ErrorKind::too_many_requests:
      return 429;
    case ErrorKind::internal:
      return 500;
    case ErrorKind::unavailable:
      return 503;
  }
  return 500;
}

bool is_client_visible(ErrorKind kind) noexcept {
  return kind != ErrorKind::internal;
}

int Error::http_status() const noexcept {
  return atrium::http_status(kind_);
}

}  // namespace atrium
