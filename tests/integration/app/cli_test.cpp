// The atrium binary's command line: version, help, usage and configuration errors.

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace atrium::testing {
namespace {

ProcessResult atrium(std::vector<std::string> args, ProcessEnv env = {}) {
  args.insert(args.begin(), atrium_binary());
  env.unset.insert(env.unset.end(), {"DATABASE_URL", "NEON_DATABASE_URL", "ATRIUM_ENV",
                                     "BETTER_AUTH_SECRET", "AUTH_SECRET", "BETTER_AUTH_URL"});
  return run_process(args, env);
}

bool is_one_line(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

TEST(Cli, PrintsVersion) {
  const auto r = atrium({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("atrium ", 0), 0u) << r.out;
}

TEST(Cli, HelpListsTheCommands) {
  const auto r = atrium({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("serve"), std::string::npos);
  EXPECT_NE(r.out.find("db"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(atrium({}).exit_code, 2);
  EXPECT_EQ(atrium({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(atrium({"serve", "--port", "not-a-port"}).exit_code, 2);
}

TEST(Cli, ConfigurationErrorsAreOneLineAndExitTwo) {
  struct Case {
    std::map<std::string, std::string> env;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{{"ATRIUM_ENV", "staging"}}, "ATRIUM_ENV"},
      {{{"ATRIUM_ENV", "production"}}, "BETTER_AUTH_SECRET"},
      {{{"ATRIUM_ENV", "production"}, {"BETTER_AUTH_SECRET", std::string(40, 'x')}},
       "BETTER_AUTH_URL"},
      {{{"ATRIUM_PORT", "99999"}}, "ATRIUM_PORT"},
      {{{"DATABASE_URL", "mysql://localhost/db"}}, "mysql"},
  };
  for (const auto& c : cases) {
    ProcessEnv env;
    env.set = c.env;
    const auto r = atrium({"serve"}, env);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find(c.mentions), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace atrium::testing
