#include "auth/scrypt_hasher.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "auth/unicode.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace atrium::auth {
namespace {

using testing::better_auth_fixture;

TEST(ScryptHasher, VerifiesEveryHashBetterAuthMade) {
  ScryptHasher hasher(system_random());
  const auto& passwords = better_auth_fixture().at("passwords").as_array();
  ASSERT_GE(passwords.size(), 5u);
  for (const auto& entry : passwords) {
    const std::string password(entry.at("password").as_string());
    const std::string hash(entry.at("hash").as_string());
    EXPECT_TRUE(hasher.verify(password, hash)) << password;
    EXPECT_FALSE(hasher.verify(password + "x", hash)) << password;
  }
}

TEST(ScryptHasher, ComputesTheSameKeyBytesAsBetterAuth) {
  // Not just "verify says yes": the key text must be identical, salted with the hex text.
  const auto& first = better_auth_fixture().at("passwords").as_array().at(0).as_object();
  const std::string hash(first.at("hash").as_string());
  const auto colon = hash.find(':');
  EXPECT_EQ(scrypt_hex(std::string(first.at("password").as_string()), hash.substr(0, colon), {}),
            hash.substr(colon + 1));
}

TEST(ScryptHasher, VerifiesTheHashStoredBySignUp) {
  ScryptHasher hasher(system_random());
  for (const auto& s : better_auth_fixture().at("signUps").as_array()) {
    EXPECT_TRUE(hasher.verify("password123", std::string(s.at("storedHash").as_string())));
  }
}

TEST(ScryptHasher, NormalisesLikeJavaScript) {
  for (const auto& entry : better_auth_fixture().at("passwords").as_array()) {
    EXPECT_EQ(nfkc(std::string(entry.at("password").as_string())),
              std::string(entry.at("nfkc").as_string()));
  }
  // Fullwidth letters verify against the hash of their ASCII folding.
  ScryptHasher hasher(system_random());
  const auto& passwords = better_auth_fixture().at("passwords").as_array();
  const std::string ascii_hash(passwords.at(0).at("hash").as_string());
  EXPECT_TRUE(
      hasher.verify("\xef\xbd\x90\xef\xbd\x81\xef\xbd\x93\xef\xbd\x93\xef\xbd\x97\xef\xbd"
                    "\x8f\xef\xbd\x92\xef\xbd\x84\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93",
                    ascii_hash));
}

TEST(ScryptHasher, HashHasBetterAuthsFormatAndFreshSalts) {
  ScryptHasher hasher(system_random(), ScryptParams{1024, 8, 1, 64});
  const auto a = hasher.hash("password123");
  const auto b = hasher.hash("password123");
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}:[0-9a-f]{128}"))) << a;
  EXPECT_NE(a, b);
  EXPECT_TRUE(hasher.verify("password123", a));
  EXPECT_FALSE(hasher.verify("password124", a));
}

TEST(ScryptHasher, DefaultsAreBetterAuths) {
  const ScryptParams p;
  EXPECT_EQ(p.n, 16384u);
  EXPECT_EQ(p.r, 16u);
  EXPECT_EQ(p.p, 1u);
  EXPECT_EQ(p.key_length, 64u);
  EXPECT_EQ(p.memory_bytes(), 32u << 20);
}

TEST(ScryptHasher, ANonHashIsAnInternalError) {
  ScryptHasher hasher(system_random(), ScryptParams{1024, 8, 1, 64});
  for (const char* bad : {"", ":", "abc", "abc:", ":def"}) {
    try {
      hasher.verify("password123", bad);
      ADD_FAILURE() << "no error for '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::internal);
      EXPECT_STREQ(e.what(), "Invalid password hash");
    }
  }
}

TEST(ScryptHasher, OnlyTheFirstTwoColonSeparatedPartsCount) {
  ScryptHasher hasher(system_random(), ScryptParams{1024, 8, 1, 64});
  const auto h = hasher.hash("pw-with:colon");
  EXPECT_TRUE(hasher.verify("pw-with:colon", h + ":trailing"));
}

}  // namespace
}  // namespace atrium::auth
