#pragma once
// The OpenAPI 3.1 document of atrium, built from the router's table (so every registered route
// is described and nothing else) plus per-route documentation where a layer gives it. A route
// without documentation still appears, with its RouteOptions summary and tag.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/router.hpp"

namespace atrium::learn {

// Who may call a route; becomes the operation's security requirement and its 401/403 answers.
enum class Access {
  anyone,            // no session needed
  visitor_or_user,   // works without a session, acts as the user when there is one
  user,              // a signed-in user (401 without)
  admin,             // a signed-in user listed in ATRIUM_ADMIN_EMAILS (401, 403)
  loopback_or_token  // loopback, or Authorization: Bearer ATRIUM_METRICS_TOKEN (403)
};

struct QueryParam {
  std::string name;
  std::string description;
  boost::json::value schema;
};

struct RouteDoc {
  std::string summary{};
  std::string description{};
  std::string tag{};
  Access access = Access::anyone;
  std::optional<boost::json::value> request_schema{};  // a JSON body
  int success_status = 200;
  std::string success_description = "OK";
  boost::json::value response_schema{};  // null: no body
  std::string response_content_type = "application/json";
  std::vector<QueryParam> query{};
  std::vector<std::pair<int, std::string>> errors{};  // besides those implied by access
};

class ApiDocs {
 public:
  void add(const std::string& method, const std::string& path, RouteDoc doc);
  const RouteDoc* find(const std::string& method, const std::string& path) const;
  // components.schemas, referenced as {"$ref": "#/components/schemas/<name>"}.
  void add_schema(const std::string& name, boost::json::value schema);
  const boost::json::object& schemas() const { return schemas_; }

 private:
  std::map<std::pair<std::string, std::string>, RouteDoc> docs_;
  boost::json::object schemas_;
};

boost::json::value schema_ref(const std::string& name);

// The document: one operation per route, path parameters from the {name} segments.
boost::json::object build_openapi(const std::vector<http::Route>& routes, const ApiDocs& docs,
                                  const std::string& version);

}  // namespace atrium::learn
