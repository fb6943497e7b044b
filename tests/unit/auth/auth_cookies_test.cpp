#include "auth/auth_cookies.hpp"

#include <gtest/gtest.h>

#include "auth/cookie_signer.hpp"
#include "fixtures.hpp"

namespace atrium::auth {
namespace {

using testing::better_auth_fixture;

std::vector<std::string> serialized(const std::vector<http::SetCookie>& cookies) {
  std::vector<std::string> out;
  for (const auto& c : cookies) out.push_back(http::serialize(c));
  return out;
}

http::Request request_with_cookie(std::string header) {
  http::Request r;
  r.method = "POST";
  r.headers.emplace_back("cookie", std::move(header));
  return r;
}

TEST(AuthCookies, SetCookieLinesMatchBetterAuthByteForByte) {
  const CookieSigner signer(std::string(better_auth_fixture().at("secret").as_string()));
  for (const auto& entry : better_auth_fixture().at("signUps").as_array()) {
    const auto& s = entry.as_object();
    const std::string base_url(s.at("baseURL").as_string());
    const bool remember = !s.at("rememberMe").is_bool() || s.at("rememberMe").as_bool();
    AuthCookies cookies({.secure = use_secure_cookies(base_url, false)});
    std::vector<http::SetCookie> out;
    out.push_back(
        cookies.session_token(signer.cookie_value(std::string(s.at("token").as_string())),
                              remember ? std::optional<long long>(604800) : std::nullopt));
    if (!remember) out.push_back(cookies.dont_remember(signer.cookie_value("true")));
    std::vector<std::string> expected;
    for (const auto& line : s.at("setCookie").as_array()) {
      expected.emplace_back(line.as_string());
    }
    EXPECT_EQ(serialized(out), expected) << base_url;
  }
}

TEST(AuthCookies, SecurePrefixFollowsTheBaseUrlThenTheEnvironment) {
  EXPECT_TRUE(use_secure_cookies("https://a.example", false));
  EXPECT_FALSE(use_secure_cookies("http://a.example", true));
  EXPECT_TRUE(use_secure_cookies("", true));
  EXPECT_FALSE(use_secure_cookies("", false));
  AuthCookies secure({.secure = true});
  EXPECT_EQ(secure.session_token_name(), "__Secure-better-auth.session_token");
  EXPECT_EQ(secure.dont_remember_name(), "__Secure-better-auth.dont_remember");
  AuthCookies prefixed({.prefix = "atrium"});
  EXPECT_EQ(prefixed.session_data_name(), "atrium.session_data");
}

TEST(AuthCookies, SignOutExpiresTheThreeCookiesInBetterAuthsOrder) {
  AuthCookies cookies({});
  std::vector<http::SetCookie> out;
  cookies.delete_session_cookies(out, {});
  EXPECT_EQ(serialized(out),
            (std::vector<std::string>{
                "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"}));
}

TEST(AuthCookies, ExpiringReplacesWhatWasQueuedForThatName) {
  AuthCookies cookies({});
  std::vector<http::SetCookie> out;
  out.push_back(cookies.session_token("x", 604800));
  out.push_back(cookies.dont_remember("y"));
  cookies.expire(out, cookies.session_token_name());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "better-auth.dont_remember");
  EXPECT_EQ(http::serialize(out[1]),
            "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
}

TEST(AuthCookies, SessionDataChunksTheRequestCarriedAreExpiredToo) {
  AuthCookies cookies({});
  std::vector<http::SetCookie> out;
  cookies.delete_session_cookies(
      out, parse_request_cookies(
               request_with_cookie("better-auth.session_data.0=a; better-auth.session_data.1=b; "
                                   "better-auth.session_data.01=c; other=d")));
  EXPECT_EQ(serialized(out),
            (std::vector<std::string>{
                "better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.session_data.0=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.session_data.1=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"}));
}

TEST(AuthCookies, SecureCookiesCarryTheSecureAttribute) {
  AuthCookies cookies({.secure = true});
  std::vector<http::SetCookie> out;
  cookies.expire(out, cookies.dont_remember_name());
  EXPECT_EQ(http::serialize(out.at(0)),
            "__Secure-better-auth.dont_remember=; Max-Age=0; Path=/; HttpOnly; Secure; "
            "SameSite=Lax");
}

}  // namespace
}  // namespace atrium::auth

namespace atrium::auth {
namespace {

TEST(AuthCookies, CookieCacheIsNoticedOnlyWhenItHasAValue) {
  AuthCookies cookies({});
  EXPECT_FALSE(cookies.carries_session_data({}));
  EXPECT_TRUE(cookies.carries_session_data({{"better-auth.session_data", "x"}}));
  EXPECT_FALSE(cookies.carries_session_data({{"better-auth.session_data", ""}}));
  EXPECT_TRUE(cookies.carries_session_data(
      {{"better-auth.session_data", ""}, {"better-auth.session_data.2", "y"}}));
  EXPECT_FALSE(cookies.carries_session_data({{"better-auth.session_data.x", "y"}}));
}

TEST(AuthCookies, RepeatedCookieHeadersAreJoined) {
  http::Request r;
  r.headers = {{"cookie", "a=1"}, {"Cookie", "b=%3D"}};
  const auto parsed = parse_request_cookies(r);
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[1].second, "=");
}

}  // namespace
}  // namespace atrium::auth
