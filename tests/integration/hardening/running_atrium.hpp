#pragma once
// The real `atrium serve` binary on a database of the test's choosing, for the fault tests:
// migrated with `atrium db upgrade head`, started on a free port, killed or stopped by signal
// and started again on the same database. Plus the client-side steps those tests repeat
// (sign up, start a chat, append a message), each bounded by the HTTP client's timeouts.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "support/http_client.hpp"
#include "support/process.hpp"

namespace atrium::testing {

inline std::uint16_t listening_port(const std::string& out) {
  std::smatch m;
  const std::regex re("http://127\\.0\\.0\\.1:([0-9]+)");
  if (!std::regex_search(out, m, re)) return 0;
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

// The resident set of a process in KiB (VmRSS, or VmHWM for the peak), 0 if unreadable.
inline long memory_kib(pid_t pid, const std::string& field = "VmRSS") {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return 0;
}

class RunningAtrium {
 public:
  // `pooler`: the URL goes through a transaction-pooling PgBouncer.
  RunningAtrium(std::string database_url, bool pooler, std::string tag)
      : dir_(std::filesystem::temp_directory_path() /
             ("atrium-hardening-" + tag + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    env_.unset = {"NEON_DATABASE_URL", "BETTER_AUTH_SECRETS", "AUTH_SECRET",
                  "ATRIUM_HOST",       "ATRIUM_PORT",         "ATRIUM_MAIL_TRANSPORT",
                  "ATRIUM_ENV",        "ATRIUM_RATE_LIMIT",   "ATRIUM_LOG_LEVEL"};
    env_.set["DATABASE_URL"] = std::move(database_url);
    env_.set["BETTER_AUTH_SECRET"] = "hardening-test-secret-0123456789abcdef";
    env_.set["BETTER_AUTH_URL"] = "http://localhost:3000";
    env_.set["ATRIUM_LOG_LEVEL"] = "warn";
    if (pooler) env_.set["ATRIUM_PG_POOLER"] = "transaction";
  }
  ~RunningAtrium() {
    process_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  ProcessEnv& env() { return env_; }

  void upgrade() {
    const auto r = run_process({atrium_binary(), "db", "upgrade", "head"}, env_, dir_.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void start() {
    process_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{atrium_binary(), "serve", "--port", "0"}, env_, dir_.string());
    ASSERT_TRUE(process_->wait_for_output("listening on", std::chrono::seconds(60)))
        << process_->stderr_text();
    port_ = listening_port(process_->stdout_text());
    ASSERT_NE(port_, 0) << process_->stdout_text();
  }

  void kill() {
    process_->send_signal(SIGKILL);
    (void)process_->wait(std::chrono::seconds(30));
  }

  ProcessResult terminate() {
    process_->send_signal(SIGTERM);
    return process_->wait(std::chrono::seconds(60));
  }

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  std::string stderr_text() const { return process_ ? process_->stderr_text() : ""; }

 private:
  std::filesystem::path dir_;
  ProcessEnv env_;
  std::unique_ptr<BackgroundProcess> process_;
  std::uint16_t port_ = 0;
};

inline const HeaderList& origin_header() {
  static const HeaderList h = {{"Origin", "http://localhost:3000"}};
  return h;
}

inline std::string sign_up_body(const std::string& email, const std::string& password) {
  return boost::json::serialize(
      boost::json::object{{"name", "Hardening"}, {"email", email}, {"password", password}});
}

// {message, code} as Better Auth and the learner API answer errors.
inline bool has_error_shape(const HttpReply& reply) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(reply.body, ec);
  return !ec && v.is_object() && v.as_object().contains("message") && v.at("message").is_string() &&
         v.as_object().contains("code") && v.at("code").is_string();
}

// The session token from a 200 sign-up or sign-in, or "".
inline std::string token_of(const HttpReply& reply) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("token")) return {};
  return std::string(v.at("token").as_string());
}

inline std::string string_field(const HttpReply& reply, const char* name) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(reply.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains(name) || !v.at(name).is_string()) return {};
  return std::string(v.at(name).as_string());
}

inline HeaderList bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

inline std::string message_body(const std::string& content) {
  return boost::json::serialize(boost::json::object{{"role", "user"}, {"content", content}});
}

}  // namespace atrium::testing
