#include "auth/cookie_signer.hpp"

#include <gtest/gtest.h>

#include "auth/base64.hpp"
#include "fixtures.hpp"
#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

using testing::better_auth_fixture;

std::string secret() {
  return std::string(better_auth_fixture().at("secret").as_string());
}

// "name=value; ..." -> value
std::string cookie_value_of(const std::string& set_cookie) {
  const auto eq = set_cookie.find('=');
  return set_cookie.substr(eq + 1, set_cookie.find(';') - eq - 1);
}

TEST(CookieSigner, SignsSessionTokensExactlyAsBetterAuth) {
  const CookieSigner signer(secret());
  for (const auto& s : better_auth_fixture().at("signUps").as_array()) {
    const std::string token(s.at("token").as_string());
    const std::string first(s.at("setCookie").as_array().at(0).as_string());
    EXPECT_EQ(signer.cookie_value(token), cookie_value_of(first));
  }
}

TEST(CookieSigner, SignsTheDontRememberValue) {
  const CookieSigner signer(secret());
  const auto& s = better_auth_fixture().at("signUps").as_array().at(1).as_object();
  ASSERT_EQ(s.at("rememberMe"), false);
  const std::string dont_remember(s.at("setCookie").as_array().at(1).as_string());
  EXPECT_EQ(signer.cookie_value("true"), cookie_value_of(dont_remember));
}

TEST(CookieSigner, UnsignsWhatBetterAuthSigned) {
  const CookieSigner signer(secret());
  for (const auto& s : better_auth_fixture().at("signUps").as_array()) {
    const auto wire = cookie_value_of(std::string(s.at("setCookie").as_array().at(0).as_string()));
    const auto decoded = http::decode_uri_component(wire);
    ASSERT_TRUE(decoded);
    const auto u = signer.unsign(*decoded);
    EXPECT_EQ(u.verdict, CookieSigner::Verdict::valid);
    EXPECT_EQ(u.value, std::string(s.at("token").as_string()));
  }
}

TEST(CookieSigner, SignatureIs44CharactersOfPaddedBase64) {
  const CookieSigner signer("some secret");
  const auto sig = signer.signature("abc");
  EXPECT_EQ(sig.size(), 44u);
  EXPECT_EQ(sig.back(), '=');
  EXPECT_EQ(signer.sign("abc"), "abc." + sig);
}

TEST(CookieSigner, TamperedValuesAreInvalid) {
  const CookieSigner signer("some secret");
  const auto good = signer.sign("tokenvalue");
  auto other_value = good;
  other_value[0] = 'T';
  EXPECT_EQ(signer.unsign(other_value).verdict, CookieSigner::Verdict::invalid);
  auto other_sig = good;
  other_sig[other_sig.size() - 3] = other_sig[other_sig.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(signer.unsign(other_sig).verdict, CookieSigner::Verdict::invalid);
  EXPECT_EQ(CookieSigner("another secret").unsign(good).verdict, CookieSigner::Verdict::invalid);
  // Characters outside base64 make atob throw: invalid, not a crash.
  std::string junk = "tokenvalue." + std::string(43, '!') + "=";
  EXPECT_EQ(signer.unsign(junk).verdict, CookieSigner::Verdict::invalid);
}

TEST(CookieSigner, AValueCheckedOnceStaysValidAndItsTamperedFormsStayInvalid) {
  // The second check is answered from the verified values; tampering must still miss them.
  const CookieSigner signer("some secret");
  const auto good = signer.sign("tokenvalue");
  for (int i = 0; i < 2; ++i) {
    const auto u = signer.unsign(good);
    EXPECT_EQ(u.verdict, CookieSigner::Verdict::valid);
    EXPECT_EQ(u.value, "tokenvalue");
  }
  auto other_sig = good;
  other_sig[other_sig.size() - 3] = other_sig[other_sig.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(signer.unsign(other_sig).verdict, CookieSigner::Verdict::invalid);
  EXPECT_EQ(signer.unsign("tokenvaluX" + good.substr(10)).verdict, CookieSigner::Verdict::invalid);
  // Another signer (another secret) shares nothing with this one.
  EXPECT_EQ(CookieSigner("another secret").unsign(good).verdict, CookieSigner::Verdict::invalid);
}

TEST(CookieSigner, MalformedValuesAreAbsent) {
  const CookieSigner signer("some secret");
  const auto sig = signer.signature("v");
  EXPECT_EQ(signer.unsign("").verdict, CookieSigner::Verdict::absent);
  EXPECT_EQ(signer.unsign("novalue").verdict, CookieSigner::Verdict::absent);
  EXPECT_EQ(signer.unsign("." + sig).verdict, CookieSigner::Verdict::absent);  // dot at 0
  EXPECT_EQ(signer.unsign("v." + sig.substr(0, 43)).verdict, CookieSigner::Verdict::absent);
  EXPECT_EQ(signer.unsign("v." + sig + "A").verdict, CookieSigner::Verdict::absent);
  EXPECT_EQ(signer.unsign("v." + sig.substr(0, 43) + "A").verdict,
            CookieSigner::Verdict::absent);  // 44 characters not ending in '='
}

TEST(CookieSigner, SplitsAtTheLastDot) {
  const CookieSigner signer("k");
  const auto u = signer.unsign(signer.sign("a.b.c"));
  EXPECT_EQ(u.verdict, CookieSigner::Verdict::valid);
  EXPECT_EQ(u.value, "a.b.c");
}

TEST(CookieSigner, AcceptsWhatAtobAcceptsInTheLastCharacter) {
  // The 43rd character carries 2 unused bits; atob ignores them, so Better Auth accepts a
  // signature that differs only there.
  const CookieSigner signer("k");
  auto sig = signer.signature("v");
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto idx = alphabet.find(sig[42]);
  sig[42] = alphabet[(idx & ~3u) | ((idx + 1) & 3u)];
  EXPECT_EQ(signer.unsign("v." + sig).verdict, CookieSigner::Verdict::valid);
}

TEST(Base64, RoundTripsAndForgives) {
  const std::vector<unsigned char> bytes = {0xfb, 0xff, 0x00, 0x10};
  const auto text = base64_encode(bytes);
  EXPECT_EQ(text, "+/8AEA==");
  EXPECT_EQ(base64_decode_forgiving(text), bytes);
  EXPECT_EQ(base64_decode_forgiving("+/8A EA"), bytes);
  EXPECT_FALSE(base64_decode_forgiving("A"));
  EXPECT_FALSE(base64_decode_forgiving("AB-_"));
  EXPECT_FALSE(base64_decode_forgiving("AB=A"));
}

}  // namespace
}  // namespace atrium::auth
