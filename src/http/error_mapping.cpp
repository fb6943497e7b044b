#include <spdlog/spdlog.h>

#include <exception>

#include "core/error.hpp"
#include "http/server.hpp"

namespace atrium::http {

namespace {

Response internal_server_error() {
  return Response::error(500, "Internal Server Error", "INTERNAL_SERVER_ERROR");
}

}  // namespace

Response map_exception(const std::exception_ptr& error) {
  if (!error) return internal_server_error();
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    if (!is_client_visible(e.kind())) {
      // The message may carry SQL, paths or secrets; the log gets it, the client does not.
      spdlog::error("internal error{}{}: {}", e.code().empty() ? "" : " ", e.code(), e.what());
      return Response::error(e.http_status(), "Internal Server Error", "INTERNAL_SERVER_ERROR");
    }
    if (e.kind() == ErrorKind::unavailable && e.code().empty()) {
      // An outage below us (the database busy, gone or out of connections): its message is
      // the driver's, for the log; the client gets the shape every other error has.
      spdlog::warn("unavailable: {}", e.what());
      return Response::error(e.http_status(), "Service Unavailable", "SERVICE_UNAVAILABLE");
    }
    return Response::error(e.http_status(), e.what(), e.code());
  } catch (const std::exception& e) {
    spdlog::error("unhandled exception in a handler: {}", e.what());
    return internal_server_error();
  } catch (...) {
    spdlog::error("unhandled non-standard exception in a handler");
    return internal_server_error();
  }
}

}  // namespace atrium::http
