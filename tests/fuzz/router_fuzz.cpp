// The router's matching on hostile request targets: the app's own templates, any method and
// any bytes as the target. A match must be a registered route whose parameters are filled.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace {

atrium::http::Router make_router() {
  atrium::http::Router router;
  const auto ok = [](atrium::http::Request&) { return atrium::http::Response{}; };
  for (const char* path :
       {"/api/chat/sessions", "/api/chat/sessions/{id}", "/api/chat/sessions/{id}/claim",
        "/api/chat/sessions/{id}/messages", "/api/profile", "/api/profile/questionnaire",
        "/api/questionnaire", "/api/openapi.json", "/api/admin/metrics", "/api/auth/get-session",
        "/api/auth/sign-in/email", "/api/{a}/{b}/x", "/api/{a}/static/{c}", "/"}) {
    router.add("GET", path, ok);
    router.add("POST", path, ok);
  }
  router.add("DELETE", "/api/chat/sessions/{id}", ok);
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const atrium::http::Router router = make_router();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // "<METHOD> <target>": the first space splits them.
  const auto space = input.find(' ');
  atrium::http::Request request;
  request.method = std::string(input.substr(0, space));
  request.target = space == std::string_view::npos ? "" : std::string(input.substr(space + 1));
  request.path = request.target.substr(0, request.target.find('?'));

  const auto match = router.match(request);
  if (match.route != nullptr) {
    if (request.route_template != match.route->path_template) std::abort();
    for (const auto& [name, value] : request.path_params) {
      if (value.empty() || match.route->path_template.find("{" + name + "}") == std::string::npos) {
        std::abort();
      }
    }
    if (!match.allowed_methods.empty()) std::abort();
  }
  (void)request.query_param("limit");
  return 0;
}
