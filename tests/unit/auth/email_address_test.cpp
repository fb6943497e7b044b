#include "auth/email_address.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace atrium::auth {
namespace {

TEST(EmailAddress, AgreesWithZodOnEveryFixtureCase) {
  const auto& cases = testing::better_auth_fixture().at("emails").as_array();
  ASSERT_GT(cases.size(), 15u);
  for (const auto& c : cases) {
    const std::string email(c.at("email").as_string());
    EXPECT_EQ(is_valid_email(email), c.at("valid").as_bool()) << email;
  }
}

TEST(EmailAddress, LongInputIsRejectedWithoutBlowingTheStack) {
  EXPECT_FALSE(is_valid_email(std::string(1 << 20, 'a')));
  EXPECT_TRUE(is_valid_email(std::string(100000, 'a') + "@example.com"));
}

TEST(EmailAddress, LowerCasing) {
  EXPECT_EQ(lower_email("Alice@Example.COM"), "alice@example.com");
}

}  // namespace
}  // namespace atrium::auth
