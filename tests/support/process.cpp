#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace atrium::testing {
namespace {

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const ProcessEnv& env,
                             const std::string& working_dir) {
  for (const auto& name : env.unset) ::unsetenv(name.c_str());
  for (const auto& [name, value] : env.set) ::setenv(name.c_str(), value.c_str(), 1);
  if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) ::_exit(126);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

ProcessResult decode_status(int status) {
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const char* tag) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() / ("atrium-proc-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(counter++) + "." + tag))
      .string();
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessEnv& env,
                          const std::string& working_dir, std::chrono::seconds timeout) {
  const auto out_path = temp_path("out");
  const auto err_path = temp_path("err");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    exec_child(argv, env, working_dir);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw std::runtime_error("process did not finish in time: " + argv.front());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto r = decode_status(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv, const ProcessEnv& env,
                                     const std::string& working_dir)
    : out_path_(temp_path("out")), err_path_(temp_path("err")) {
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    exec_child(argv, env, working_dir);
  }
}

BackgroundProcess::~BackgroundProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove(out_path_, ec);
  std::filesystem::remove(err_path_, ec);
}

bool BackgroundProcess::wait_for_output(const std::string& text,
                                        std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (stdout_text().find(text) != std::string::npos) return true;
    if (!reaped_ && ::waitpid(pid_, &status_, WNOHANG) == pid_) {
      reaped_ = true;
      return stdout_text().find(text) != std::string::npos;
    }
    if (reaped_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void BackgroundProcess::send_signal(int sig) {
  if (!reaped_) ::kill(pid_, sig);
}

ProcessResult BackgroundProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reaped_) {
    if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
      reaped_ = true;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("background process did not end in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto r = decode_status(status_);
  r.out = stdout_text();
  r.err = stderr_text();
  return r;
}

std::string BackgroundProcess::stdout_text() const {
  return read_file(out_path_);
}
std::string BackgroundProcess::stderr_text() const {
  return read_file(err_path_);
}

}  // namespace atrium::testing
