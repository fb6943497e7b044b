#include "core/config.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace atrium {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

const std::string kSecret(40, 's');

TEST(Config, DefaultsToEmbeddedSqliteInDevelopment) {
  const auto c = load_config(env_of({}));
  EXPECT_EQ(c.environment, Environment::development);
  EXPECT_EQ(c.database_url, "sqlite:///atrium.db");
  EXPECT_TRUE(c.database_is_default);
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 3000);
  EXPECT_FALSE(c.rate_limit);
  EXPECT_TRUE(c.secrets.empty());
}

TEST(Config, DatabaseUrlWinsOverNeon) {
  EXPECT_EQ(load_config(env_of({{"NEON_DATABASE_URL", "postgresql://n/db"}})).database_url,
            "postgresql://n/db");
  const auto c = load_config(
      env_of({{"DATABASE_URL", "postgresql://d/db"}, {"NEON_DATABASE_URL", "postgresql://n/db"}}));
  EXPECT_EQ(c.database_url, "postgresql://d/db");
  EXPECT_FALSE(c.database_is_default);
}

TEST(Config, SecretPrecedenceAndRotation) {
  EXPECT_EQ(load_config(env_of({{"AUTH_SECRET", "legacy"}})).current_secret(), "legacy");
  EXPECT_EQ(load_config(env_of({{"AUTH_SECRET", "legacy"}, {"BETTER_AUTH_SECRET", "new"}}))
                .current_secret(),
            "new");
  const auto c = load_config(
      env_of({{"BETTER_AUTH_SECRETS", "v2:second, v1:first"}, {"BETTER_AUTH_SECRET", "plain"}}));
  ASSERT_EQ(c.secrets.size(), 3u);
  EXPECT_EQ(c.secrets[0].version, "v2");
  EXPECT_EQ(c.current_secret(), "second");
  EXPECT_EQ(c.secrets[2].value, "plain");
  EXPECT_THROW(load_config(env_of({{"BETTER_AUTH_SECRETS", "noversion"}})), ConfigError);
}

TEST(Config, ProductionRequiresSecretAndUrl) {
  EXPECT_THROW(load_config(env_of({{"ATRIUM_ENV", "production"}})), ConfigError);
  EXPECT_THROW(load_config(env_of({{"ATRIUM_ENV", "production"},
                                   {"BETTER_AUTH_SECRET", "short"},
                                   {"BETTER_AUTH_URL", "https://a.example"}})),
               ConfigError);
  EXPECT_THROW(load_config(env_of({{"ATRIUM_ENV", "production"}, {"BETTER_AUTH_SECRET", kSecret}})),
               ConfigError);
  const auto c = load_config(env_of({{"ATRIUM_ENV", "production"},
                                     {"BETTER_AUTH_SECRET", kSecret},
                                     {"BETTER_AUTH_URL", "https://a.example"}}));
  EXPECT_TRUE(c.rate_limit);
}

TEST(Config, ProductionRefusesTheLogMailTransport) {
  EXPECT_THROW(load_config(env_of({{"ATRIUM_ENV", "production"},
                                   {"BETTER_AUTH_SECRET", kSecret},
                                   {"BETTER_AUTH_URL", "https://a.example"},
                                   {"ATRIUM_MAIL_TRANSPORT", "log"}})),
               ConfigError);
}

TEST(Config, RateLimitSwitchOverridesEnvironment) {
  EXPECT_TRUE(load_config(env_of({{"ATRIUM_RATE_LIMIT", "on"}})).rate_limit);
  EXPECT_FALSE(load_config(env_of({{"ATRIUM_ENV", "production"},
                                   {"BETTER_AUTH_SECRET", kSecret},
                                   {"BETTER_AUTH_URL", "https://a.example"},
                                   {"ATRIUM_RATE_LIMIT", "off"}}))
                   .rate_limit);
  EXPECT_THROW(load_config(env_of({{"ATRIUM_RATE_LIMIT", "maybe"}})), ConfigError);
}

// Each setting alone is refused with one line that names it.
void expect_refused(const std::vector<std::pair<std::string, std::string>>& settings) {
  for (const auto& [name, value] : settings) {
    try {
      load_config(env_of({{name, value}}));
      ADD_FAILURE() << name << "=" << value << " was accepted";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
  }
}

TEST(Config, InvalidValuesAreOneLineErrors) {
  expect_refused({{"ATRIUM_ENV", "staging"},
                  {"ATRIUM_PORT", "70000"},
                  {"ATRIUM_PORT", "80a"},
                  {"ATRIUM_PG_POOLER", "statement"},
                  {"BETTER_AUTH_URL", "localhost:3000"},
                  {"ATRIUM_LOG_FORMAT", "xml"}});
}

TEST(Config, ThreadAndPoolSizes) {
  const auto defaults = load_config(env_of({}));
  EXPECT_EQ(defaults.worker_threads, 0u);  // 0: serve derives them from the core count
  EXPECT_EQ(defaults.io_threads, 0u);
  EXPECT_EQ(defaults.db_pool_size, 0u);
  const auto set = load_config(env_of(
      {{"ATRIUM_WORKERS", "12"}, {"ATRIUM_IO_THREADS", "3"}, {"ATRIUM_DB_POOL_SIZE", "20"}}));
  EXPECT_EQ(set.worker_threads, 12u);
  EXPECT_EQ(set.io_threads, 3u);
  EXPECT_EQ(set.db_pool_size, 20u);
  expect_refused({{"ATRIUM_IO_THREADS", "0"},
                  {"ATRIUM_IO_THREADS", "257"},
                  {"ATRIUM_IO_THREADS", "two"},
                  {"ATRIUM_WORKERS", "-1"},
                  {"ATRIUM_DB_POOL_SIZE", "0"},
                  {"ATRIUM_DB_POOL_SIZE", "5000"}});
}

TEST(Config, ListsAndOrigins) {
  const auto c =
      load_config(env_of({{"BETTER_AUTH_TRUSTED_ORIGINS", " https://a.example ,,https://b.example"},
                          {"ATRIUM_ADMIN_EMAILS", "Admin@Example.COM"},
                          {"ATRIUM_HOST", "0.0.0.0"},
                          {"ATRIUM_PORT", "8080"}}));
  EXPECT_EQ(c.trusted_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(c.admin_emails, (std::vector<std::string>{"admin@example.com"}));
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 8080);
}

}  // namespace
}  // namespace atrium
