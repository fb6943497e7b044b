#include "auth/auth_options.hpp"

#include <gtest/gtest.h>

#include <map>

namespace atrium::auth {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(AuthOptions, BetterAuthsDefaults) {
  const auto o = load_auth_options(env_of({}));
  EXPECT_EQ(o.base_path, "/api/auth");
  EXPECT_EQ(o.cookie_prefix, "better-auth");
  EXPECT_EQ(o.session_expires_in.count(), 604800);
  EXPECT_EQ(o.session_update_age.count(), 86400);
  EXPECT_EQ(o.session_fresh_age.count(), 86400);
  EXPECT_EQ(o.min_password_length, 8u);
  EXPECT_EQ(o.max_password_length, 128u);
  EXPECT_EQ(o.rate_limit.window_seconds, 10);
  EXPECT_EQ(o.rate_limit.max, 100);
  EXPECT_EQ(o.scrypt.n, 16384u);
}

TEST(AuthOptions, CookiePrefixFromTheEnvironment) {
  EXPECT_EQ(load_auth_options(env_of({{"ATRIUM_COOKIE_PREFIX", "atrium"}})).cookie_prefix,
            "atrium");
  for (const char* bad : {"has space", "semi;colon", "dot.ted", "quote\"", "a=b"}) {
    EXPECT_THROW(load_auth_options(env_of({{"ATRIUM_COOKIE_PREFIX", bad}})), ConfigError) << bad;
  }
}

}  // namespace
}  // namespace atrium::auth
