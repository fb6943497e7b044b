// No password, session token, signed cookie or secret in any log line, at the most verbose
// level: the real binary serves a sign-up, sign-ins (right and wrong password), get-session by
// cookie and by bearer, and a sign-out, and everything it wrote to stdout and stderr is
// searched for each secret the exchange carried (also percent-encoded and as JSON).

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "http/cookie.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/scratch_database.hpp"

namespace atrium::testing {
namespace {

namespace fs = std::filesystem;

std::uint16_t listening_port(const std::string& out) {
  std::smatch m;
  const std::regex re("http://127\\.0\\.0\\.1:([0-9]+)");
  if (!std::regex_search(out, m, re)) return 0;
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

// The session cookie's value as sent ("<token>.<signature>", percent-encoded).
std::string session_cookie(const HttpReply& reply) {
  for (const auto& h : reply.headers_named("set-cookie")) {
    const std::string prefix = "better-auth.session_token=";
    if (h.rfind(prefix, 0) == 0) return h.substr(prefix.size(), h.find(';') - prefix.size());
  }
  return {};
}

TEST(LogSecrets, NoPasswordTokenOrSecretInAnyLogLine) {
  ScratchDatabase scratch;
  const fs::path dir = fs::temp_directory_path() / ("atrium-logs-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  const std::string secret = "LogProbeSecret-5b1c9e7f20a84d6e93c4f1a7b2d8e0c6";
  const std::string password = "LogProbePassword-7f3a9c";
  const std::string wrong_password = "LogProbeWrongPassword-2e8d41";
  ProcessEnv env;
  env.unset = {"NEON_DATABASE_URL", "BETTER_AUTH_SECRETS",   "AUTH_SECRET", "ATRIUM_HOST",
               "ATRIUM_PORT",       "ATRIUM_MAIL_TRANSPORT", "ATRIUM_ENV"};
  env.set["DATABASE_URL"] = scratch.url();
  env.set["BETTER_AUTH_SECRET"] = secret;
  env.set["BETTER_AUTH_URL"] = "http://localhost:3000";
  env.set["ATRIUM_LOG_LEVEL"] = "trace";
  if (scratch.through_pooler()) env.set["ATRIUM_PG_POOLER"] = "transaction";
  const auto upgraded = run_process({atrium_binary(), "db", "upgrade", "head"}, env, dir.string());
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.err;

  BackgroundProcess server({atrium_binary(), "serve", "--port", "0"}, env, dir.string());
  ASSERT_TRUE(server.wait_for_output("listening on", std::chrono::seconds(60)))
      << server.stderr_text();
  HttpClient client(listening_port(server.stdout_text()));
  const HeaderList origin = {{"Origin", "http://localhost:3000"}};

  std::vector<std::string> secrets = {secret, password, wrong_password};
  const std::string email = "log-probe-" + std::to_string(::getpid()) + "@example.com";
  const auto signed_up = client.post_json(
      "/api/auth/sign-up/email",
      R"({"name":"Log Probe","email":")" + email + R"(","password":")" + password + R"("})",
      origin);
  ASSERT_EQ(signed_up.status, 200) << signed_up.body;
  const auto token = std::string(boost::json::parse(signed_up.body).at("token").as_string());
  const auto cookie = session_cookie(signed_up);
  ASSERT_FALSE(cookie.empty());
  secrets.push_back(token);
  secrets.push_back(cookie);
  secrets.push_back(http::decode_uri_component(cookie).value_or(cookie));

  const auto wrong = client.post_json(
      "/api/auth/sign-in/email",
      R"({"email":")" + email + R"(","password":")" + wrong_password + R"("})", origin);
  EXPECT_EQ(wrong.status, 401) << wrong.body;

  const auto signed_in =
      client.post_json("/api/auth/sign-in/email",
                       R"({"email":")" + email + R"(","password":")" + password + R"("})", origin);
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const auto cookie2 = session_cookie(signed_in);
  const auto token2 = std::string(boost::json::parse(signed_in.body).at("token").as_string());
  secrets.push_back(token2);
  secrets.push_back(cookie2);
  secrets.push_back(http::decode_uri_component(cookie2).value_or(cookie2));

  HeaderList with_cookie = origin;
  with_cookie.emplace_back("Cookie", "better-auth.session_token=" + cookie2);
  EXPECT_EQ(client.get("/api/auth/get-session", with_cookie).status, 200);
  const auto bearer = http::decode_uri_component(cookie).value_or(cookie);
  EXPECT_EQ(client.get("/api/auth/get-session", {{"Authorization", "Bearer " + bearer}}).status,
            200);
  // A forged signature on a real token must not be echoed either.
  const std::string forged = token + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  (void)client.get("/api/auth/get-session", {{"Authorization", "Bearer " + forged}});
  EXPECT_EQ(client.post_json("/api/auth/sign-out", "{}", with_cookie).status, 200);

  server.send_signal(SIGTERM);
  const auto ended = server.wait(std::chrono::seconds(30));
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  const std::string logs = ended.out + "\n" + ended.err;
  // The run really logged (trace level), so an empty log cannot pass this test.
  EXPECT_NE(logs.find("listening on"), std::string::npos) << logs;
  for (const auto& s : secrets) {
    ASSERT_FALSE(s.empty());
    EXPECT_EQ(logs.find(s), std::string::npos) << "a log line contains " << s << ":\n" << logs;
    EXPECT_EQ(logs.find(http::encode_uri_component(s)), std::string::npos) << s;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace atrium::testing
