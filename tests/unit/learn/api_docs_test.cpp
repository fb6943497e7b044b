#include "learn/api_docs.hpp"

#include <gtest/gtest.h>

namespace atrium::learn {
namespace {

TEST(ApiDocs, EveryRouteBecomesAnOperation) {
  http::Router router;
  const http::Handler h = [](http::Request&) { return http::Response::empty(204); };
  router.add("POST", "/api/auth/sign-in/email", h, {.summary = "Sign in", .tag = "auth"});
  router.add("GET", "/api/chat/sessions/{id}/messages", h);
  router.add("DELETE", "/api/chat/sessions/{id}", h);
  ApiDocs docs;
  docs.add("GET", "/api/chat/sessions/{id}/messages",
           {.summary = "Messages",
            .tag = "chat",
            .access = Access::user,
            .response_schema = schema_ref("Page"),
            .query = {{"limit", "Page size", {{"type", "integer"}}}}});
  docs.add_schema("Page", {{"type", "object"}});
  const auto doc = build_openapi(router.routes(), docs, "9.9.9");
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "9.9.9");
  const auto& paths = doc.at("paths").as_object();
  ASSERT_EQ(paths.size(), 3u);

  const auto& sign_in = paths.at("/api/auth/sign-in/email").at("post").as_object();
  EXPECT_EQ(sign_in.at("summary").as_string(), "Sign in");
  EXPECT_EQ(sign_in.at("tags").as_array()[0].as_string(), "auth");
  EXPECT_EQ(sign_in.at("operationId").as_string(), "post_api_auth_sign_in_email");

  const auto& list = paths.at("/api/chat/sessions/{id}/messages").at("get").as_object();
  EXPECT_EQ(list.at("parameters").as_array().size(), 2u);
  EXPECT_EQ(list.at("parameters").as_array()[0].at("in").as_string(), "path");
  EXPECT_EQ(list.at("parameters").as_array()[1].at("in").as_string(), "query");
  EXPECT_TRUE(list.at("responses").as_object().contains("401"));
  EXPECT_EQ(list.at("security").as_array().size(), 2u);

  const auto& del = paths.at("/api/chat/sessions/{id}").at("delete").as_object();
  EXPECT_EQ(del.at("summary").as_string(), "DELETE /api/chat/sessions/{id}");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Page"));
}

}  // namespace
}  // namespace atrium::learn
