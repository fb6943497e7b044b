#include "learn/api_docs.hpp"

#include <algorithm>
#include <cctype>

namespace atrium::learn {
namespace {

std::vector<std::string> path_params(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string::npos) {
    const auto end = path.find('}', pos);
    if (end == std::string::npos) break;
    out.push_back(path.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "GET /api/chat/sessions/{id}" -> "get_api_chat_sessions_id": unique per route.
std::string operation_id(const std::string& method, const std::string& path) {
  std::string id = lower(method);
  for (char c : path) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      id.push_back(c == '-' ? '_' : c);
    } else if (!id.empty() && id.back() != '_') {
      id.push_back('_');
    }
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  return id;
}

boost::json::object error_response(const std::string& description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", schema_ref("Error")}}}}}};
}

boost::json::array security_for(Access access) {
  const boost::json::object cookie{{"sessionCookie", boost::json::array{}}};
  const boost::json::object bearer{{"bearerSession", boost::json::array{}}};
  switch (access) {
    case Access::anyone:
      return {};
    case Access::visitor_or_user:
      return {boost::json::object{}, cookie, bearer};
    case Access::user:
    case Access::admin:
      return {cookie, bearer};
    case Access::loopback_or_token:
      return {boost::json::object{}, {{"metricsToken", boost::json::array{}}}};
  }
  return {};
}

}  // namespace

boost::json::value schema_ref(const std::string& name) {
  return {{"$ref", "#/components/schemas/" + name}};
}

void ApiDocs::add(const std::string& method, const std::string& path, RouteDoc doc) {
  docs_[{method, path}] = std::move(doc);
}

const RouteDoc* ApiDocs::find(const std::string& method, const std::string& path) const {
  auto it = docs_.find({method, path});
  return it == docs_.end() ? nullptr : &it->second;
}

void ApiDocs::add_schema(const std::string& name, boost::json::value schema) {
  schemas_[name] = std::move(schema);
}

boost::json::object build_openapi(const std::vector<http::Route>& routes, const ApiDocs& docs,
                                  const std::string& version) {
  boost::json::object paths;
  std::vector<std::string> tags;
  for (const auto& route : routes) {
    const RouteDoc* doc = docs.find(route.method, route.path_template);
    boost::json::object op;
    op["operationId"] = operation_id(route.method, route.path_template);
    std::string summary = doc && !doc->summary.empty() ? doc->summary : route.options.summary;
    if (summary.empty()) summary = route.method + " " + route.path_template;
    op["summary"] = summary;
    if (doc && !doc->description.empty()) op["description"] = doc->description;
    const std::string tag = doc && !doc->tag.empty() ? doc->tag : route.options.tag;
    if (!tag.empty()) {
      op["tags"] = boost::json::array{tag};
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }

    boost::json::array params;
    for (const auto& name : path_params(route.path_template)) {
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (doc) {
      for (const auto& q : doc->query) {
        params.push_back({{"name", q.name},
                          {"in", "query"},
                          {"description", q.description},
                          {"schema", q.schema}});
      }
    }
    if (!params.empty()) op["parameters"] = std::move(params);

    boost::json::object responses;
    if (doc) {
      if (doc->request_schema) {
        op["requestBody"] = {
            {"required", true},
            {"content", {{"application/json", {{"schema", *doc->request_schema}}}}}};
      }
      boost::json::object ok{{"description", doc->success_description}};
      if (!doc->response_schema.is_null()) {
        ok["content"] = {{doc->response_content_type, {{"schema", doc->response_schema}}}};
      }
      responses[std::to_string(doc->success_status)] = std::move(ok);
      if (doc->access == Access::user || doc->access == Access::admin) {
        responses["401"] = error_response("No signed-in user");
      }
      if (doc->access == Access::admin) responses["403"] = error_response("Not an administrator");
      if (doc->access == Access::loopback_or_token) {
        responses["403"] = error_response("Neither loopback nor the metrics token");
      }
      for (const auto& [status, description] : doc->errors) {
        responses[std::to_string(status)] = error_response(description);
      }
      const auto security = security_for(doc->access);
      if (!security.empty()) op["security"] = security;
    } else {
      responses["default"] = {
          {"description", "See the Better Auth documentation of this endpoint"}};
    }
    op["responses"] = std::move(responses);

    auto& item = paths[route.path_template];
    if (!item.is_object()) item = boost::json::object{};
    item.as_object()[lower(route.method)] = std::move(op);
  }

  boost::json::array tag_list;
  for (const auto& t : tags) tag_list.push_back(boost::json::object{{"name", t}});
  boost::json::object components{
      {"schemas", docs.schemas()},
      {"securitySchemes",
       {{"sessionCookie",
         {{"type", "apiKey"},
          {"in", "cookie"},
          {"name", "better-auth.session_token"},
          {"description",
           "Better Auth's signed session cookie (__Secure-better-auth.session_token over "
           "HTTPS)"}}},
        {"bearerSession",
         {{"type", "http"},
          {"scheme", "bearer"},
          {"description", "The session token, as Better Auth's bearer plugin accepts it"}}},
        {"metricsToken",
         {{"type", "http"}, {"scheme", "bearer"}, {"description", "ATRIUM_METRICS_TOKEN"}}}}}};
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "atrium"},
            {"version", version},
            {"description",
             "The learning platform's backend: Better Auth-compatible sign-in under /api/auth, "
             "learner profiles and the background questionnaire, chat sessions and messages, "
             "request metrics."}}},
          {"tags", std::move(tag_list)},
          {"paths", std::move(paths)},
          {"components", std::move(components)}};
}

}  // namespace atrium::learn
