#include "auth/rate_limit.hpp"

#include <gtest/gtest.h>

#include "auth/memory_rate_limit_storage.hpp"

namespace atrium::auth {
namespace {

TEST(RateLimit, PathIsRelativeToTheBasePath) {
  EXPECT_EQ(rate_limit_path("/api/auth/sign-in/email", "/api/auth"), "/sign-in/email");
  EXPECT_EQ(rate_limit_path("/api/auth/sign-in/email///", "/api/auth"), "/sign-in/email");
  EXPECT_EQ(rate_limit_path("/api/auth", "/api/auth"), "/");
  EXPECT_EQ(rate_limit_path("/elsewhere", "/api/auth"), "/elsewhere");
}

TEST(RateLimit, SpecialRules) {
  const RateLimitRule defaults;
  EXPECT_EQ(rate_limit_rule_for("/get-session").max, 100);
  EXPECT_EQ(rate_limit_rule_for("/get-session").window_seconds, 10);
  for (const char* strict :
       {"/sign-in/email", "/sign-up/email", "/change-password", "/change-email"}) {
    EXPECT_EQ(rate_limit_rule_for(strict, defaults).max, 3) << strict;
    EXPECT_EQ(rate_limit_rule_for(strict, defaults).window_seconds, 10) << strict;
  }
  for (const char* slow : {"/request-password-reset", "/send-verification-email",
                           "/forget-password", "/email-otp/send-verification-otp"}) {
    EXPECT_EQ(rate_limit_rule_for(slow).window_seconds, 60) << slow;
    EXPECT_EQ(rate_limit_rule_for(slow).max, 3) << slow;
  }
  EXPECT_EQ(rate_limit_rule_for("/request-password-reset/x").max, 100);
}

TEST(RateLimit, KeyIsIpBarPath) {
  EXPECT_EQ(rate_limit_key("1.2.3.4", "/sign-in/email"), "1.2.3.4|/sign-in/email");
  EXPECT_EQ(rate_limit_key("", "/ok"), "no-trusted-ip|/ok");
}

TEST(RateLimit, RetryAfterRoundsUp) {
  EXPECT_EQ(retry_after_seconds(1000, 10, 1000), 10);
  EXPECT_EQ(retry_after_seconds(1000, 10, 1001), 10);
  EXPECT_EQ(retry_after_seconds(1000, 10, 2000), 9);
  EXPECT_EQ(retry_after_seconds(1000, 10, 10999), 1);
}

TEST(MemoryRateLimit, AllowsMaxThenRefusesUntilTheWindowPassesTheLastAllowedRequest) {
  MemoryRateLimitStorage storage;
  const RateLimitRule rule{10, 3};
  const std::string key = "1.2.3.4|/sign-in/email";
  std::int64_t t = 1'000'000;
  EXPECT_TRUE(storage.consume(key, rule, t).allowed);
  EXPECT_TRUE(storage.consume(key, rule, t + 1000).allowed);
  EXPECT_TRUE(storage.consume(key, rule, t + 2000).allowed);  // lastRequest = t + 2000
  auto refused = storage.consume(key, rule, t + 3000);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 9);  // ceil((t+2000+10000 - (t+3000)) / 1000)
  // A refusal does not move the window.
  EXPECT_FALSE(storage.consume(key, rule, t + 11'999).allowed);
  // Ten seconds after the last allowed request, a new window starts.
  EXPECT_TRUE(storage.consume(key, rule, t + 12'000).allowed);
  EXPECT_TRUE(storage.consume(key, rule, t + 12'001).allowed);
}

TEST(MemoryRateLimit, KeysAreIndependent) {
  MemoryRateLimitStorage storage;
  const RateLimitRule rule{10, 1};
  EXPECT_TRUE(storage.consume("a|/x", rule, 0).allowed);
  EXPECT_FALSE(storage.consume("a|/x", rule, 1).allowed);
  EXPECT_TRUE(storage.consume("b|/x", rule, 1).allowed);
  EXPECT_TRUE(storage.consume("a|/y", rule, 1).allowed);
}

TEST(MemoryRateLimit, ExpiredEntriesArePrunedAndTheMapIsCapped) {
  MemoryRateLimitStorage storage(100);
  const RateLimitRule rule{10, 5};
  for (int i = 0; i < 150; ++i) storage.consume("k" + std::to_string(i) + "|/x", rule, i);
  EXPECT_LE(storage.size(), 101u);
  storage.consume("late|/x", rule, 60'000);
  EXPECT_EQ(storage.size(), 1u);
}

}  // namespace
}  // namespace atrium::auth
