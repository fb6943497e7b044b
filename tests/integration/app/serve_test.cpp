// `atrium serve` as a user runs it: the embedded default needs no configuration at all; any
// other database must be at head; SIGTERM stops it cleanly.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/scratch_database.hpp"

namespace atrium::testing {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kConfigVars = {
    "DATABASE_URL",        "NEON_DATABASE_URL", "ATRIUM_ENV",  "BETTER_AUTH_SECRET", "AUTH_SECRET",
    "BETTER_AUTH_SECRETS", "BETTER_AUTH_URL",   "ATRIUM_HOST", "ATRIUM_PORT"};

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("atrium-serve-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::uint16_t listening_port(const std::string& out) {
  std::smatch m;
  const std::regex re("http://127\\.0\\.0\\.1:([0-9]+)");
  if (!std::regex_search(out, m, re)) return 0;
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

TEST(Serve, EmbeddedDefaultNeedsNoConfiguration) {
  TempDir dir;
  ProcessEnv env;
  env.unset = kConfigVars;
  BackgroundProcess server({atrium_binary(), "serve", "--port", "0"}, env, dir.path().string());
  ASSERT_TRUE(server.wait_for_output("listening on", std::chrono::seconds(60)))
      << server.stderr_text();
  const auto port = listening_port(server.stdout_text());
  ASSERT_NE(port, 0) << server.stdout_text();

  HttpClient client(port);
  const auto reply = client.get("/health");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"status":"ok"})");
  EXPECT_EQ(reply.header("content-type").value_or(""), "application/json");

  EXPECT_TRUE(fs::exists(dir.path() / "atrium.db"));
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "atrium.secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(server.stderr_text().find("BETTER_AUTH_SECRET is not set"), std::string::npos);

  server.send_signal(SIGTERM);
  const auto r = server.wait(std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;

  // A second start reuses the database (already at head) and the same secret.
  const auto secret_before = fs::file_size(dir.path() / "atrium.secret");
  BackgroundProcess again({atrium_binary(), "serve", "--port", "0"}, env, dir.path().string());
  ASSERT_TRUE(again.wait_for_output("listening on", std::chrono::seconds(60)))
      << again.stderr_text();
  EXPECT_EQ(fs::file_size(dir.path() / "atrium.secret"), secret_before);
  again.send_signal(SIGINT);
  EXPECT_EQ(again.wait(std::chrono::seconds(30)).exit_code, 0);
}

TEST(Serve, RefusesADatabaseBehindHeadThenServesOnceUpgraded) {
  ScratchDatabase scratch;
  TempDir dir;
  ProcessEnv env;
  env.unset = kConfigVars;
  env.set["DATABASE_URL"] = scratch.url();
  if (scratch.through_pooler()) env.set["ATRIUM_PG_POOLER"] = "transaction";

  const auto refused =
      run_process({atrium_binary(), "serve", "--port", "0"}, env, dir.path().string());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("atrium db upgrade"), std::string::npos) << refused.err;

  const auto upgraded =
      run_process({atrium_binary(), "db", "upgrade", "head"}, env, dir.path().string());
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.err;

  BackgroundProcess server({atrium_binary(), "serve", "--port", "0"}, env, dir.path().string());
  ASSERT_TRUE(server.wait_for_output("listening on", std::chrono::seconds(60)))
      << server.stderr_text();
  HttpClient client(listening_port(server.stdout_text()));
  EXPECT_EQ(client.get("/health").status, 200);
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(30)).exit_code, 0);
}

}  // namespace
}  // namespace atrium::testing
