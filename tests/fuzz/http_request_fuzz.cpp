// Raw bytes off a socket, read as the server reads them: Beast's request parser with the
// server's head and body limits (server.cpp's Session::loop), then the http::Request built the
// way Session::make_request builds it, routed through the application's route templates, and
// its headers, query and cookies read as handlers read them. The server has no parsing entry
// point without a socket, so the harness repeats those few lines; it includes Beast itself,
// as only src/http/*.cpp otherwise may.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "http/url_decode.hpp"

namespace bhttp = boost::beast::http;

namespace {

atrium::http::Router make_router() {
  atrium::http::Router router;
  const auto ok = [](atrium::http::Request&) { return atrium::http::Response{}; };
  for (const char* path :
       {"/api/chat/sessions", "/api/chat/sessions/{id}", "/api/chat/sessions/{id}/claim",
        "/api/chat/sessions/{id}/messages", "/api/profile", "/api/profile/questionnaire",
        "/api/questionnaire", "/api/openapi.json", "/api/admin/metrics",
        "/api/admin/questionnaire/stats", "/api/auth/get-session", "/api/auth/sign-in/email",
        "/api/auth/sign-up/email", "/api/auth/sign-out", "/health", "/ready", "/metrics"}) {
    router.add("GET", path, ok);
    router.add("POST", path, ok);
  }
  router.add("PATCH", "/api/profile", ok);
  router.add("DELETE", "/api/chat/sessions/{id}", ok);
  return router;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const atrium::http::Router router = make_router();
  std::string_view input(reinterpret_cast<const char*>(data), size);

  // Several requests may share the bytes (pipelining): parse until the input runs out.
  while (!input.empty()) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(16 << 10);
    parser.body_limit(1 << 20);
    parser.eager(true);
    boost::beast::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
    if (ec && ec != bhttp::error::need_more) return 0;
    if (used == 0 && !parser.is_done()) {
      // Beast wants the end of input to finish a body without a length.
      parser.put_eof(ec);
      if (ec || !parser.is_done()) return 0;
    }
    if (used > input.size()) std::abort();
    input.remove_prefix(used);
    if (!parser.is_done()) return 0;

    auto message = parser.release();
    atrium::http::Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    if (!request.target.empty() && request.target.front() != '/') {
      const auto scheme = request.target.find("://");
      if (scheme != std::string::npos) {
        const auto slash = request.target.find('/', scheme + 3);
        request.target = slash == std::string::npos ? "/" : request.target.substr(slash);
      }
    }
    const std::string_view target = request.target;
    const auto question = target.find('?');
    request.path = atrium::http::percent_decode(target.substr(0, question));
    if (question != std::string_view::npos) {
      request.query = std::string(target.substr(question + 1));
    }
    for (const auto& field : message) {
      request.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
    }
    request.body = std::move(message.body());
    if (request.body.size() > (1u << 20)) std::abort();  // the body limit held

    const auto match = router.match(request);
    if (match.route != nullptr && request.route_template != match.route->path_template) {
      std::abort();
    }
    (void)request.header("authorization");
    (void)request.header("content-type");
    (void)request.query_param("limit");
    (void)request.query_param("cursor");
    (void)request.cookie("better-auth.session_token");
    (void)request.cookie("__Secure-better-auth.session_token");
  }
  return 0;
}
