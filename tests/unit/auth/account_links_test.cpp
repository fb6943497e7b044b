// The reset and delete links: Better Auth's baseURL, and new URL(target, base) with
// searchParams.set() as the reset callback builds its redirect.

#include "auth/account_links.hpp"

#include <gtest/gtest.h>

namespace atrium::auth {
namespace {

constexpr const char* kBase = "http://localhost:3000/api/auth";

TEST(UrlWithQueryParam, ResolvesRelativeTargetsAgainstTheBase) {
  EXPECT_EQ(url_with_query_param(kBase, "/reset", "token", "abc"),
            "http://localhost:3000/reset?token=abc");
  EXPECT_EQ(url_with_query_param(kBase, "reset", "token", "abc"),
            "http://localhost:3000/api/reset?token=abc");
  EXPECT_EQ(url_with_query_param(kBase, "/a/../b", "token", "abc"),
            "http://localhost:3000/b?token=abc");
}

TEST(UrlWithQueryParam, SetsOneParameterAndReserialisesTheQuery) {
  EXPECT_EQ(url_with_query_param(kBase, "https://app.example.com/r?x=1&token=old&token=older",
                                 "token", "new"),
            "https://app.example.com/r?x=1&token=new");
  EXPECT_EQ(url_with_query_param(kBase, "/r?q=a+b%21", "error", "INVALID_TOKEN"),
            "http://localhost:3000/r?q=a+b%21&error=INVALID_TOKEN");
  EXPECT_EQ(url_with_query_param(kBase, "/r#frag", "token", "t"),
            "http://localhost:3000/r?token=t#frag");
  EXPECT_EQ(url_with_query_param(kBase, "HTTPS://App.Example.com", "token", "a b"),
            "https://app.example.com/?token=a+b");
}

TEST(UrlWithQueryParam, NothingForWhatIsNotAUrl) {
  EXPECT_EQ(url_with_query_param("not a base", "/r", "token", "t"), std::nullopt);
  EXPECT_EQ(url_with_query_param(kBase, "http://[bad", "token", "t"), std::nullopt);
}

TEST(ApiBaseUrl, ConfiguredOriginOrTheRequestsHost) {
  Config config;
  config.base_url = "https://auth.example.com/";
  http::Request request;
  EXPECT_EQ(api_base_url(config, "/api/auth", request), "https://auth.example.com/api/auth");
  config.base_url.clear();
  request.headers.emplace_back("host", "127.0.0.1:8080");
  EXPECT_EQ(api_base_url(config, "/api/auth/", request), "http://127.0.0.1:8080/api/auth");
}

}  // namespace
}  // namespace atrium::auth
