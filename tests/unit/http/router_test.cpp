#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace atrium::http {
namespace {

// Each handler answers with its own name, so a test can tell which route matched.
Handler named(std::string name) {
  return [name](Request&) { return Response::text(200, name); };
}

Request request(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  return r;
}

std::string matched(const Router& router, std::string method, std::string target) {
  Request r = request(std::move(method), std::move(target));
  RouteMatch m = router.match(r);
  if (m.route == nullptr) return "<none>";
  return m.route->handler(r).body;
}

TEST(Router, MatchesStaticPathsExactly) {
  Router router;
  router.add("GET", "/health", named("health"));
  router.add("GET", "/", named("root"));
  EXPECT_EQ(matched(router, "GET", "/health"), "health");
  EXPECT_EQ(matched(router, "GET", "/health?verbose=1"), "health");
  EXPECT_EQ(matched(router, "GET", "/"), "root");
  EXPECT_EQ(matched(router, "GET", "/healthz"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/Health"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/health/"), "<none>");  // trailing slash is another path
  EXPECT_EQ(matched(router, "GET", "/health/x"), "<none>");
}

TEST(Router, FillsTemplateAndDecodedParameters) {
  Router router;
  router.add("GET", "/api/chat/sessions/{id}/messages/{message_id}", named("message"));
  Request r = request("GET", "/api/chat/sessions/a%20b%2Fc/messages/%E2%82%AC?x=1");
  RouteMatch m = router.match(r);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(r.route_template, "/api/chat/sessions/{id}/messages/{message_id}");
  EXPECT_EQ(r.path_param("id"), "a b/c");
  EXPECT_EQ(r.path_param("message_id"), "\xE2\x82\xAC");
  EXPECT_EQ(r.path_params.size(), 2u);
}

TEST(Router, MalformedEscapeInParameterIsKeptRaw) {
  Router router;
  router.add("GET", "/u/{id}", named("user"));
  Request r = request("GET", "/u/100%");
  ASSERT_NE(router.match(r).route, nullptr);
  EXPECT_EQ(r.path_param("id"), "100%");
}

TEST(Router, ParameterNeedsANonEmptySegment) {
  Router router;
  router.add("GET", "/u/{id}", named("user"));
  EXPECT_EQ(matched(router, "GET", "/u/"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/u"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/u/1/2"), "<none>");
}

TEST(Router, StaticSegmentsBeatParametersWhateverTheOrder) {
  Router router;
  router.add("GET", "/users/{id}", named("by-id"));
  router.add("GET", "/users/me", named("me"));
  router.add("GET", "/{section}/me", named("section-me"));
  EXPECT_EQ(matched(router, "GET", "/users/me"), "me");
  EXPECT_EQ(matched(router, "GET", "/users/42"), "by-id");
  EXPECT_EQ(matched(router, "GET", "/groups/me"), "section-me");

  Router reversed;
  reversed.add("GET", "/users/me", named("me"));
  reversed.add("GET", "/users/{id}", named("by-id"));
  EXPECT_EQ(matched(reversed, "GET", "/users/me"), "me");
  EXPECT_EQ(matched(reversed, "GET", "/users/42"), "by-id");
}

TEST(Router, LeftmostStaticSegmentDecides) {
  Router router;
  router.add("GET", "/{a}/b", named("param-first"));
  router.add("GET", "/a/{b}", named("static-first"));
  EXPECT_EQ(matched(router, "GET", "/a/b"), "static-first");
}

TEST(Router, EmptySegmentsNeverMatch) {
  Router router;
  router.add("GET", "/a/b", named("ab"));
  router.add("GET", "/a/{x}/c", named("axc"));
  EXPECT_EQ(matched(router, "GET", "//a/b"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/a//b"), "<none>");
  EXPECT_EQ(matched(router, "GET", "/a//c"), "<none>");
  EXPECT_EQ(matched(router, "GET", ""), "<none>");
  EXPECT_EQ(matched(router, "GET", "*"), "<none>");
}

TEST(Router, PathMatchedButNotMethodListsAllowedMethods) {
  Router router;
  router.add("POST", "/items/{id}", named("post"));
  router.add("GET", "/items/{id}", named("get"));
  router.add("DELETE", "/items/special", named("delete-special"));
  Request r = request("PUT", "/items/special");
  RouteMatch m = router.match(r);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed_methods, (std::vector<std::string>{"POST", "GET", "HEAD", "DELETE"}));
  EXPECT_EQ(r.route_template, "");

  Request unknown = request("PUT", "/nothing");
  RouteMatch none = router.match(unknown);
  EXPECT_EQ(none.route, nullptr);
  EXPECT_TRUE(none.allowed_methods.empty());
}

TEST(Router, MethodMatchPrefersAnyTemplateWithThatMethod) {
  Router router;
  router.add("GET", "/a/me", named("get-me"));
  router.add("POST", "/a/{id}", named("post-id"));
  EXPECT_EQ(matched(router, "POST", "/a/me"), "post-id");
  EXPECT_EQ(matched(router, "GET", "/a/me"), "get-me");
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.add("GET", "/doc", named("get"));
  EXPECT_EQ(matched(router, "HEAD", "/doc"), "get");
  router.add("HEAD", "/doc", named("head"));
  EXPECT_EQ(matched(router, "HEAD", "/doc"), "head");
  Request r = request("POST", "/doc");
  EXPECT_EQ(router.match(r).allowed_methods, (std::vector<std::string>{"GET", "HEAD"}));
}

TEST(Router, MethodsAreCaseSensitive) {
  Router router;
  router.add("GET", "/x", named("x"));
  EXPECT_EQ(matched(router, "get", "/x"), "<none>");
}

TEST(Router, RejectsDuplicates) {
  Router router;
  router.add("GET", "/a/{x}", named("1"));
  EXPECT_THROW(router.add("GET", "/a/{x}", named("2")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{y}", named("3")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/a/{x}", named("4")));
  EXPECT_NO_THROW(router.add("GET", "/a/b", named("5")));
  EXPECT_EQ(router.routes().size(), 3u);
}

TEST(Router, RejectsMalformedTemplates) {
  Router router;
  for (const char* bad :
       {"", "no-slash", "/a//b", "/a{id}", "/{id}x", "/{}", "/{a-b}", "/{x}/{x}", "/{x", "/x}"}) {
    EXPECT_THROW(router.add("GET", bad, named("bad")), std::invalid_argument) << bad;
  }
  EXPECT_THROW(router.add("", "/ok", named("bad")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/ok", Handler{}), std::invalid_argument);
  EXPECT_TRUE(router.routes().empty());
}

TEST(Router, KeepsOptionsAndRegistrationOrder) {
  Router router;
  router.add("GET", "/b", named("b"),
             RouteOptions{.inline_on_io = true, .summary = "B", .tag = "t"});
  router.add("GET", "/a", named("a"));
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[0].path_template, "/b");
  EXPECT_TRUE(router.routes()[0].options.inline_on_io);
  EXPECT_EQ(router.routes()[0].options.summary, "B");
  EXPECT_FALSE(router.routes()[1].options.inline_on_io);
}

}  // namespace
}  // namespace atrium::http
