// The e-mail verification JWT: Better Auth's own token (the fixture) verifies and re-signs to
// the same string; expiry, tampering, other algorithms and other secrets are told apart.

#include "auth/verification_jwt.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "auth/base64.hpp"

namespace atrium::auth {
namespace {

const boost::json::object& fixture() {
  static const boost::json::value v = [] {
    std::ifstream in(std::string(ATRIUM_SOURCE_DIR) +
                     "/tests/fixtures/better-auth/verification-jwt.json");
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str());
  }();
  return v.as_object();
}

std::string text(const char* key) {
  return std::string(fixture().at(key).as_string());
}

std::int64_t seconds(const char* key) {
  return fixture().at(key).as_int64();
}

std::string b64url(std::string_view s) {
  std::string out =
      base64_encode(std::span(reinterpret_cast<const unsigned char*>(s.data()), s.size()));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (auto& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

constexpr const char* kSecret = "unit-secret";

VerificationClaims plain_claims() {
  VerificationClaims c;
  c.email = "a@example.com";
  c.user_id = "user-1";
  c.iat = 1'800'000'000;
  c.exp = c.iat + 3600;
  return c;
}

TEST(VerificationJwt, BetterAuthsTokenVerifiesInsideItsLifetime) {
  const auto v = verify_verification_jwt(text("token"), text("secret"), seconds("iat") + 60);
  ASSERT_EQ(v.verdict, JwtVerdict::valid);
  const auto& user = fixture().at("user").as_object();
  EXPECT_EQ(v.claims.email, std::string(user.at("email").as_string()));
  EXPECT_EQ(v.claims.user_id, std::string(user.at("id").as_string()));
  EXPECT_FALSE(v.claims.update_to);
  EXPECT_FALSE(v.claims.request_type);
  EXPECT_EQ(v.claims.iat, seconds("iat"));
  EXPECT_EQ(v.claims.exp, seconds("exp"));
}

TEST(VerificationJwt, ResigningBetterAuthsPayloadGivesTheSameToken) {
  const auto v = verify_verification_jwt(text("token"), text("secret"), seconds("iat"));
  ASSERT_EQ(v.verdict, JwtVerdict::valid);
  EXPECT_EQ(sign_verification_jwt(v.claims, text("secret")), text("token"));
}

TEST(VerificationJwt, BetterAuthsTokenExpiresAtExp) {
  EXPECT_EQ(verify_verification_jwt(text("token"), text("secret"), seconds("exp") - 1).verdict,
            JwtVerdict::valid);
  // jose: exp <= now is expired.
  EXPECT_EQ(verify_verification_jwt(text("token"), text("secret"), seconds("exp")).verdict,
            JwtVerdict::expired);
}

TEST(VerificationJwt, AnotherSecretIsInvalidNotExpired) {
  EXPECT_EQ(verify_verification_jwt(text("token"), "other-secret", seconds("exp") + 10).verdict,
            JwtVerdict::invalid);
}

TEST(VerificationJwt, PayloadKeysAreInBetterAuthsOrder) {
  auto c = plain_claims();
  c.update_to = "b@example.com";
  c.request_type = "change-email-verification";
  const auto token = sign_verification_jwt(c, kSecret);
  const auto dot = token.find('.');
  EXPECT_EQ(token.substr(0, dot), b64url(R"({"alg":"HS256"})"));
  const auto payload = token.substr(dot + 1, token.rfind('.') - dot - 1);
  EXPECT_EQ(payload, b64url(R"({"email":"a@example.com","updateTo":"b@example.com",)"
                            R"("requestType":"change-email-verification","userId":"user-1",)"
                            R"("iat":1800000000,"exp":1800003600})"));
  const auto v = verify_verification_jwt(token, kSecret, c.iat);
  ASSERT_EQ(v.verdict, JwtVerdict::valid);
  EXPECT_EQ(v.claims.update_to, "b@example.com");
  EXPECT_EQ(v.claims.request_type, "change-email-verification");
}

TEST(VerificationJwt, AnyChangedByteIsInvalid) {
  const auto c = plain_claims();
  const auto token = sign_verification_jwt(c, kSecret);
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.') continue;
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    const auto v = verify_verification_jwt(bad, kSecret, c.iat);
    // Changing only the unused low bits of the last signature character keeps the same
    // bytes (base64url's slack), which is the same token.
    if (v.verdict == JwtVerdict::valid) {
      EXPECT_EQ(i, token.size() - 1) << bad;
    } else {
      EXPECT_EQ(v.verdict, JwtVerdict::invalid) << i;
    }
  }
}

TEST(VerificationJwt, ATamperedPayloadWithTheOldSignatureIsInvalid) {
  auto c = plain_claims();
  const auto token = sign_verification_jwt(c, kSecret);
  c.email = "mallory@example.com";
  const auto forged = sign_verification_jwt(c, kSecret);
  const std::string spliced = forged.substr(0, forged.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_EQ(verify_verification_jwt(spliced, kSecret, c.iat).verdict, JwtVerdict::invalid);
}

TEST(VerificationJwt, OnlyHs256IsAccepted) {
  const auto c = plain_claims();
  const auto token = sign_verification_jwt(c, kSecret);
  const auto rest = token.substr(token.find('.'));
  // "none" with the signature dropped, and HS512 with the HS256 signature kept.
  const auto none = b64url(R"({"alg":"none"})") + rest.substr(0, rest.rfind('.') + 1);
  EXPECT_EQ(verify_verification_jwt(none, kSecret, c.iat).verdict, JwtVerdict::invalid);
  const auto hs512 = b64url(R"({"alg":"HS512"})") + rest;
  EXPECT_EQ(verify_verification_jwt(hs512, kSecret, c.iat).verdict, JwtVerdict::invalid);
}

TEST(VerificationJwt, MalformedTokensAreInvalid) {
  for (const char* bad : {"", ".", "..", "a.b", "a.b.c.d", "not a token", "eyJ.eyJ.###"}) {
    EXPECT_EQ(verify_verification_jwt(bad, kSecret, 0).verdict, JwtVerdict::invalid) << bad;
  }
}

TEST(VerificationJwt, APayloadWithoutAValidEmailIsInvalidEvenWhenSigned) {
  auto c = plain_claims();
  c.email = "not-an-email";
  EXPECT_EQ(verify_verification_jwt(sign_verification_jwt(c, kSecret), kSecret, c.iat).verdict,
            JwtVerdict::invalid);
}

TEST(VerificationJwt, SecretsLongerThanTheHashBlockSign) {
  // HMAC hashes a key longer than its block; WebCrypto and libsodium agree on that.
  const std::string long_secret(200, 'k');
  const auto c = plain_claims();
  EXPECT_EQ(
      verify_verification_jwt(sign_verification_jwt(c, long_secret), long_secret, c.iat).verdict,
      JwtVerdict::valid);
  EXPECT_EQ(
      verify_verification_jwt(sign_verification_jwt(c, long_secret), long_secret.substr(1), c.iat)
          .verdict,
      JwtVerdict::invalid);
}

}  // namespace
}  // namespace atrium::auth
