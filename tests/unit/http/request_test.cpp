#include "http/request.hpp"

#include <gtest/gtest.h>

#include "http/response.hpp"

namespace atrium::http {
namespace {

Request with_headers(std::vector<std::pair<std::string, std::string>> headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

TEST(RequestHeader, FirstMatchCaseInsensitive) {
  Request r = with_headers({{"content-type", "application/json"}, {"x-a", "1"}, {"x-a", "2"}});
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("X-A"), "1");
  EXPECT_EQ(r.header("missing"), std::nullopt);
}

TEST(RequestQueryParam, FormDecodesKeysAndValues) {
  Request r;
  r.query = "q=a+b%20c&limit=5&empty=&bare&na%6De=x&callbackURL=%2Fdashboard%3Fa%3D1&q=second";
  EXPECT_EQ(r.query_param("q"), "a b c");
  EXPECT_EQ(r.query_param("limit"), "5");
  EXPECT_EQ(r.query_param("empty"), "");
  EXPECT_EQ(r.query_param("bare"), "");
  EXPECT_EQ(r.query_param("name"), "x");
  EXPECT_EQ(r.query_param("callbackURL"), "/dashboard?a=1");
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(RequestQueryParam, KeepsMalformedEscapesLiterally) {
  Request r;
  r.query = "a=100%&b=%zz&&c=%4";
  EXPECT_EQ(r.query_param("a"), "100%");
  EXPECT_EQ(r.query_param("b"), "%zz");
  EXPECT_EQ(r.query_param("c"), "%4");
}

TEST(RequestCookie, FirstOccurrenceWinsAndValuesAreDecoded) {
  Request r = with_headers({{"cookie",
                             "better-auth.session_token=abc.sig%3D; theme=\"dark\"; "
                             "better-auth.session_token=second"}});
  EXPECT_EQ(r.cookie("better-auth.session_token"), "abc.sig=");
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_EQ(r.cookie("missing"), std::nullopt);
}

TEST(RequestCookie, RepeatedCookieHeadersAreReadInOrder) {
  Request r = with_headers({{"cookie", "a=1"}, {"x-other", "y"}, {"cookie", "b=2; a=3"}});
  EXPECT_EQ(r.cookie("a"), "1");
  EXPECT_EQ(r.cookie("b"), "2");
  EXPECT_EQ(with_headers({}).cookie("a"), std::nullopt);
}

TEST(RequestPathParam, ThrowsForUnknownNames) {
  Request r;
  r.path_params["id"] = "42";
  EXPECT_EQ(r.path_param("id"), "42");
  EXPECT_THROW(r.path_param("other"), std::out_of_range);
}

TEST(Response, FactoriesSetBodyAndContentType) {
  Response json = Response::json_text(201, R"({"a":1})");
  EXPECT_EQ(json.status, 201);
  ASSERT_NE(json.find_header("content-type"), nullptr);
  EXPECT_EQ(*json.find_header("Content-Type"), "application/json");
  EXPECT_EQ(json.body, R"({"a":1})");

  Response text = Response::text(200, "hi", "text/html");
  EXPECT_EQ(*text.find_header("content-type"), "text/html");

  Response empty = Response::empty(404);
  EXPECT_EQ(empty.status, 404);
  EXPECT_TRUE(empty.headers.empty());
  EXPECT_TRUE(empty.body.empty());
}

TEST(Response, ErrorHasBetterAuthsShape) {
  EXPECT_EQ(Response::error(400, "Invalid \"email\"", "INVALID_EMAIL").body,
            R"({"message":"Invalid \"email\"","code":"INVALID_EMAIL"})");
  EXPECT_EQ(Response::error(403, "Forbidden", "").body, R"({"message":"Forbidden"})");
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
  Response r;
  r.header("X-A", "1").header("Vary", "Origin").header("x-a", "2");
  r.set_header("x-A", "3");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"X-A", "3"}));
  EXPECT_EQ(r.headers[1].first, "Vary");
  r.set_header("New", "n");
  EXPECT_EQ(r.headers.back(), (std::pair<std::string, std::string>{"New", "n"}));
  EXPECT_EQ(r.find_header("absent"), nullptr);
}

}  // namespace
}  // namespace atrium::http
