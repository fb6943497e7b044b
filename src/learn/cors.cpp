#include "learn/cors.hpp"

#include <map>

#include "auth/origin_matcher.hpp"
#include "http/server.hpp"

namespace atrium::learn {

CorsPolicy::CorsPolicy(const std::string& base_url, std::vector<std::string> origins)
    : origins_(base_url, std::move(origins)) {
  any_ = !origins_.patterns().empty();
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (!any_ || origin.empty() || origin == "null") return false;
  // Compare origins, not URLs: "https://app.example.com" and nothing more.
  const auto normalised = auth::url_origin(origin);
  if (!normalised || *normalised != origin) return false;
  return origins_.is_trusted(origin, false);
}

http::Response CorsPolicy::apply(http::Request& request, const http::Handler& next) const {
  http::Response response;
  try {
    response = next(request);
  } catch (...) {
    // Map here rather than in the server, so that error answers carry the CORS headers too:
    // without them a browser hides a 401 or 400 from the page that caused it.
    response = http::map_exception(std::current_exception());
  }
  const auto origin = request.header("origin");
  // Caches must not serve one origin's answer to another.
  response.header("Vary", "Origin");
  if (!origin || !allows(*origin)) return response;
  response.set_header("Access-Control-Allow-Origin", std::string(*origin));
  response.set_header("Access-Control-Allow-Credentials", "true");
  // The bearer plugin hands the session token to clients in this header.
  response.set_header("Access-Control-Expose-Headers", "set-auth-token");
  return response;
}

void add_preflight_routes(http::Router& router) {
  std::map<std::string, std::string> methods;  // template -> "GET, POST"
  std::vector<std::string> order;
  for (const auto& route : router.routes()) {
    auto [it, inserted] = methods.try_emplace(route.path_template);
    if (inserted) order.push_back(route.path_template);
    if (!it->second.empty()) it->second += ", ";
    it->second += route.method;
  }
  for (const auto& path : order) {
    std::string allow = methods[path];
    if (allow.find("OPTIONS") != std::string::npos) continue;
    allow += ", OPTIONS";
    router.add("OPTIONS", path,
               [allow](http::Request& request) {
                 auto response = http::Response::empty(204);
                 response.header("Allow", allow);
                 if (request.header("access-control-request-method")) {
                   response.header("Access-Control-Allow-Methods", allow);
                   const auto asked = request.header("access-control-request-headers");
                   response.header("Access-Control-Allow-Headers",
                                   asked ? std::string(*asked) : "content-type, authorization");
                   response.header("Access-Control-Max-Age", "600");
                 }
                 return response;
               },
               {.inline_on_io = true, .summary = "CORS preflight", .tag = "cors"});
  }
}

}  // namespace atrium::learn
