#include "auth/origin_matcher.hpp"

#include <gtest/gtest.h>

#include "auth/trusted_origins.hpp"
#include "fixtures.hpp"

namespace atrium::auth {
namespace {

using testing::better_auth_fixture;

TEST(OriginMatcher, AgreesWithBetterAuthOnEveryFixtureCase) {
  const auto& cases = better_auth_fixture().at("originMatches").as_array();
  ASSERT_GT(cases.size(), 50u);
  for (const auto& c : cases) {
    const std::string url(c.at("url").as_string());
    const std::string pattern(c.at("pattern").as_string());
    const bool relative = c.at("allowRelativePaths").as_bool();
    EXPECT_EQ(matches_origin_pattern(url, pattern, relative), c.at("matches").as_bool())
        << "url='" << url << "' pattern='" << pattern << "' relative=" << relative;
  }
}

TEST(OriginMatcher, UrlOrigin) {
  EXPECT_EQ(url_origin("http://localhost:3000/api/auth"), "http://localhost:3000");
  EXPECT_EQ(url_origin("https://Example.COM:443/"), "https://example.com");
  EXPECT_EQ(url_origin("http://[::1]:8080/x"), "http://[::1]:8080");
  EXPECT_FALSE(url_origin("myapp://x"));
  EXPECT_FALSE(url_origin("nonsense"));
}

TEST(OriginMatcher, WildcardMatchIsLinearOnHostileInput) {
  const std::string pattern = std::string(50, '*') + "b";
  const std::string text(100000, 'a');
  EXPECT_FALSE(wildcard_match(pattern, text));
  EXPECT_TRUE(wildcard_match("a\\*b", "a*b"));
  EXPECT_FALSE(wildcard_match("a\\*b", "axb"));
}

TEST(TrustedOrigins, BaseUrlOriginThenConfiguredPatterns) {
  TrustedOrigins origins("http://localhost:3000", {"https://app.example.com", "*.preview.dev"});
  EXPECT_TRUE(origins.is_trusted("http://localhost:3000", false));
  EXPECT_TRUE(origins.is_trusted("https://app.example.com/x", false));
  EXPECT_TRUE(origins.is_trusted("https://pr-1.preview.dev", false));
  EXPECT_FALSE(origins.is_trusted("https://evil.example", false));
  EXPECT_FALSE(origins.is_trusted("/dashboard", false));
  EXPECT_TRUE(origins.is_trusted("/dashboard", true));
}

TEST(TrustedOrigins, WithoutABaseUrlTheRequestsOwnOriginIsTrusted) {
  TrustedOrigins origins("", {});
  EXPECT_TRUE(origins.is_trusted("http://127.0.0.1:4000", false, "http://127.0.0.1:4000"));
  EXPECT_FALSE(origins.is_trusted("http://evil.example", false, "http://127.0.0.1:4000"));
}

}  // namespace
}  // namespace atrium::auth
