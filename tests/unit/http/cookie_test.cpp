// Expected strings are better-call 1.x's own output (serializeCookie / parseCookies) for the
// same inputs, and the examples observed from Better Auth in reference/better-auth.md §3.
#include "http/cookie.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace atrium::http {
namespace {

SetCookie auth_cookie(std::string name, std::string value) {
  SetCookie c;
  c.name = std::move(name);
  c.value = std::move(value);
  c.path = "/";
  c.http_only = true;
  c.same_site = SameSite::lax;
  return c;
}

TEST(SerializeCookie, SessionTokenOverHttpAsBetterAuthWritesIt) {
  SetCookie c = auth_cookie(
      "better-auth.session_token",
      "goYaZ3wZvJeXDGJvb47vKatWkHV3Cnxg.lB6iNTMMGsqf4QWwT72chFudXWqO2Fnqpk5jDnDEULk%3D");
  c.max_age = 604800;
  EXPECT_EQ(serialize(c),
            "better-auth.session_token=goYaZ3wZvJeXDGJvb47vKatWkHV3Cnxg."
            "lB6iNTMMGsqf4QWwT72chFudXWqO2Fnqpk5jDnDEULk%3D; Max-Age=604800; Path=/; HttpOnly; "
            "SameSite=Lax");
}

TEST(SerializeCookie, SecurePrefixForcesSecure) {
  SetCookie c = auth_cookie("__Secure-better-auth.session_token", "v");
  c.max_age = 604800;
  EXPECT_EQ(serialize(c),
            "__Secure-better-auth.session_token=v; Max-Age=604800; Path=/; HttpOnly; Secure; "
            "SameSite=Lax");
  c.name = "__SECURE-x";
  c.path.clear();
  c.http_only = false;
  c.same_site = SameSite::none_set;
  c.max_age.reset();
  EXPECT_EQ(serialize(c), "__SECURE-x=v; Secure");
}

TEST(SerializeCookie, DontRememberCookieHasNoMaxAge) {
  SetCookie c = auth_cookie("better-auth.dont_remember", "true.sig%3D");
  EXPECT_EQ(serialize(c), "better-auth.dont_remember=true.sig%3D; Path=/; HttpOnly; SameSite=Lax");
}

TEST(SerializeCookie, AllAttributesInBetterCallsOrder) {
  SetCookie c;
  c.name = "x";
  c.value = "v";
  c.max_age = 10;
  c.domain = "d.example";
  c.path = "/";
  c.expires = "Thu, 26 Nov 2026 17:00:00 GMT";
  c.http_only = true;
  c.secure = true;
  c.same_site = SameSite::strict;
  c.partitioned = true;
  EXPECT_EQ(serialize(c),
            "x=v; Max-Age=10; Domain=d.example; Path=/; Expires=Thu, 26 Nov 2026 17:00:00 GMT; "
            "HttpOnly; Secure; SameSite=Strict; Partitioned");
}

TEST(SerializeCookie, MaxAgeOnlyWhenNotNegative) {
  SetCookie c{.name = "x", .value = "v"};
  c.max_age = -1;
  EXPECT_EQ(serialize(c), "x=v");
  SetCookie removal{.name = "x", .value = "", .path = "/"};
  removal.max_age = 0;
  EXPECT_EQ(serialize(removal), "x=; Max-Age=0; Path=/");
}

TEST(SerializeCookie, MaxAgeBeyondFourHundredDaysThrows) {
  SetCookie c{.name = "x", .value = "v"};
  c.max_age = 34560000;
  EXPECT_EQ(serialize(c), "x=v; Max-Age=34560000");
  c.max_age = 34560001;
  EXPECT_THROW(serialize(c), std::invalid_argument);
}

TEST(SerializeCookie, SameSiteNoneAndPartitionedForceSecure) {
  SetCookie none{.name = "x", .value = "v"};
  none.same_site = SameSite::none;
  EXPECT_EQ(serialize(none), "x=v; Secure; SameSite=None");
  SetCookie partitioned{.name = "x", .value = "v"};
  partitioned.partitioned = true;
  EXPECT_EQ(serialize(partitioned), "x=v; Secure; Partitioned");
}

TEST(SerializeCookie, HostPrefixIsHostOnlyOnRootPath) {
  SetCookie c{.name = "__Host-x", .value = "v", .domain = "example.com", .path = "/p"};
  c.http_only = true;
  EXPECT_EQ(serialize(c), "__Host-x=v; Path=/; HttpOnly; Secure");
}

TEST(ParseCookieHeader, KeepsEveryPairInOrder) {
  auto pairs = parse_cookie_header("a=1; b=2; a=3");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"a", "3"}));
}

TEST(ParseCookieHeader, TrimsAndStripsQuotesLikeBetterCall) {
  auto pairs = parse_cookie_header(" a = \"quoted\" ; b=\"x");
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].first, "a");
  EXPECT_EQ(pairs[0].second, "quoted");
  // A leading quote costs the first and the last character, whatever the last one is.
  EXPECT_EQ(pairs[1].second, "");
  auto empty_quotes = parse_cookie_header("a=\"\"; b=\"");
  ASSERT_EQ(empty_quotes.size(), 2u);
  EXPECT_EQ(empty_quotes[0].second, "");
  EXPECT_EQ(empty_quotes[1].second, "");
}

TEST(ParseCookieHeader, PercentDecodesOnlyWellFormedValues) {
  auto pairs = parse_cookie_header("a=%2Fp%3D; b=100%; c=%E2%82%AC; d=plain+text");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0].second, "/p=");
  EXPECT_EQ(pairs[1].second, "100%");  // decodeURIComponent throws; the raw value is kept
  EXPECT_EQ(pairs[2].second, "\xE2\x82\xAC");
  EXPECT_EQ(pairs[3].second, "plain+text");
}

TEST(ParseCookieHeader, SkipsPairsWithoutEquals) {
  auto pairs = parse_cookie_header("flag; a=1");
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].first, "a");
  auto more = parse_cookie_header("x; y; z=9;w");
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0], (std::pair<std::string, std::string>{"z", "9"}));
  auto odd = parse_cookie_header("=v; k=");
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd[0], (std::pair<std::string, std::string>{"", "v"}));
  EXPECT_EQ(odd[1], (std::pair<std::string, std::string>{"k", ""}));
  EXPECT_TRUE(parse_cookie_header("").empty());
}

TEST(EncodeUriComponent, MatchesJavaScript) {
  EXPECT_EQ(encode_uri_component("A-Z_a.z!~*()' +/=?&#\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            "A-Z_a.z!~*()'%20%2B%2F%3D%3F%26%23%C3%A9%E2%82%AC%F0%9F%98%80");
  EXPECT_EQ(encode_uri_component(""), "");
}

TEST(DecodeUriComponent, DecodesWhatEncodeProduces) {
  std::string text = "token.sig+/= \xE2\x82\xAC \xF0\x9F\x98\x80";
  EXPECT_EQ(decode_uri_component(encode_uri_component(text)), text);
  EXPECT_EQ(decode_uri_component("%e2%82%ac"), "\xE2\x82\xAC");
  EXPECT_EQ(decode_uri_component("no escapes"), "no escapes");
}

TEST(DecodeUriComponent, RefusesWhatJavaScriptRefuses) {
  for (const char* bad :
       {"%E0%A4%A", "%", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "%zz", "abc%2", "%80", "%C3x"}) {
    EXPECT_EQ(decode_uri_component(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace atrium::http
