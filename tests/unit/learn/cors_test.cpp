#include "learn/cors.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace atrium::learn {
namespace {

http::Request with_origin(const std::string& origin) {
  http::Request r;
  r.method = "GET";
  r.path = r.target = "/api/profile";
  if (!origin.empty()) r.headers.emplace_back("origin", origin);
  return r;
}

const http::Handler kOk = [](http::Request&) { return http::Response::json_text(200, "{}"); };

TEST(Cors, AllowsConfiguredOriginsWithCredentials) {
  CorsPolicy cors("https://learn.example.org/app",
                  {"https://app.example.com", "https://*.preview.example.com"});
  EXPECT_TRUE(cors.allows("https://learn.example.org"));  // the base URL's origin
  EXPECT_TRUE(cors.allows("https://app.example.com"));
  EXPECT_TRUE(cors.allows("https://pr-12.preview.example.com"));
  EXPECT_FALSE(cors.allows("http://app.example.com"));
  EXPECT_FALSE(cors.allows("https://app.example.com.evil.io"));
  EXPECT_FALSE(cors.allows("https://app.example.com/path"));  // an origin has no path
  EXPECT_FALSE(cors.allows("null"));
  EXPECT_FALSE(cors.allows(""));

  auto req = with_origin("https://app.example.com");
  const auto res = cors.apply(req, kOk);
  EXPECT_EQ(*res.find_header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(*res.find_header("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(*res.find_header("Vary"), "Origin");

  auto stranger = with_origin("https://evil.example.com");
  const auto refused = cors.apply(stranger, kOk);
  EXPECT_EQ(refused.find_header("Access-Control-Allow-Origin"), nullptr);
  EXPECT_EQ(refused.status, 200);  // the browser enforces; the server still answers
}

TEST(Cors, ErrorAnswersCarryTheHeadersToo) {
  CorsPolicy cors("", {"https://app.example.com"});
  auto req = with_origin("https://app.example.com");
  const http::Handler failing = [](http::Request&) -> http::Response {
    throw Error(ErrorKind::unauthorized, "UNAUTHORIZED", "Sign in first");
  };
  const auto res = cors.apply(req, failing);
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(*res.find_header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_NE(res.body.find("UNAUTHORIZED"), std::string::npos);
}

TEST(Cors, NothingConfiguredAllowsNothing) {
  CorsPolicy cors("", {});
  EXPECT_FALSE(cors.allows("https://app.example.com"));
  auto req = with_origin("https://app.example.com");
  EXPECT_EQ(cors.apply(req, kOk).find_header("Access-Control-Allow-Origin"), nullptr);
}

TEST(Cors, PreflightRoutesForEveryPath) {
  http::Router router;
  router.add("GET", "/api/profile", kOk);
  router.add("PATCH", "/api/profile", kOk);
  router.add("POST", "/api/chat/sessions/{id}/messages", kOk);
  add_preflight_routes(router);
  ASSERT_EQ(router.routes().size(), 5u);
  http::Request pre;
  pre.method = "OPTIONS";
  pre.target = pre.path = "/api/profile";
  pre.headers = {{"access-control-request-method", "PATCH"}};
  const auto match = router.match(pre);
  ASSERT_NE(match.route, nullptr);
  const auto res = match.route->handler(pre);
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(*res.find_header("Access-Control-Allow-Methods"), "GET, PATCH, OPTIONS");
  EXPECT_EQ(*res.find_header("Access-Control-Allow-Headers"), "content-type, authorization");
  // Adding them twice adds nothing.
  add_preflight_routes(router);
  EXPECT_EQ(router.routes().size(), 5u);
}

}  // namespace
}  // namespace atrium::learn
