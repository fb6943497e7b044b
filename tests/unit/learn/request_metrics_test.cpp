#include "learn/request_metrics.hpp"

#include <gtest/gtest.h>

namespace atrium::learn {
namespace {

using namespace std::chrono_literals;

bool has_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(RequestMetrics, CountsByStatusAndBucketsCumulatively) {
  RequestMetrics m;
  m.observe("/api/profile", "GET", 200, 300us);  // <= 0.0005
  m.observe("/api/profile", "GET", 200, 2ms);    // <= 0.0025
  m.observe("/api/profile", "GET", 401, 20s);    // +Inf only
  m.observe("/api/profile", "PATCH", 400, 1ms);  // exactly on a bound: counted in it
  const auto text = m.prometheus_text();
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_requests_total{route="/api/profile",method="GET",status="200"} 2)"));
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_requests_total{route="/api/profile",method="GET",status="401"} 1)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="GET",le="0.0005"} 1)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="GET",le="0.001"} 1)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="GET",le="0.0025"} 2)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="GET",le="10"} 2)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="GET",le="+Inf"} 3)"));
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_request_duration_seconds_count{route="/api/profile",method="GET"} 3)"));
  EXPECT_TRUE(has_line(
      text,
      R"(atrium_http_request_duration_seconds_bucket{route="/api/profile",method="PATCH",le="0.001"} 1)"));
  EXPECT_NE(
      text.find(
          R"(atrium_http_request_duration_seconds_sum{route="/api/profile",method="GET"} 20.0023)"),
      std::string::npos)
      << text;
}

TEST(RequestMetrics, ClientsCannotGrowTheSeries) {
  RequestMetrics m;
  m.observe("", "GET", 404, 1ms);
  m.observe("", "BREW", 404, 1ms);
  m.observe("", "PROPFIND", 405, 1ms);
  const auto text = m.prometheus_text();
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_requests_total{route="unmatched",method="GET",status="404"} 1)"));
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_requests_total{route="unmatched",method="OTHER",status="404"} 1)"));
  EXPECT_TRUE(has_line(
      text, R"(atrium_http_requests_total{route="unmatched",method="OTHER",status="405"} 1)"));
  EXPECT_EQ(normalize_method("DELETE"), "DELETE");
  EXPECT_EQ(normalize_method("delete"), "OTHER");
}

TEST(RequestMetrics, EscapesLabels) {
  EXPECT_EQ(prometheus_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace atrium::learn
