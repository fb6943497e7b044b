#pragma once
// Runs the real atrium binary (or any program) from tests: to completion with captured output,
// or in the background (a server) to be signalled later.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace atrium::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;      // the signal that ended it, if any
  std::string out;     // stdout
  std::string err;     // stderr
};

// Environment changes for the child: a value sets the variable, an empty optional-like ""
// with `unset` listed removes it.
struct ProcessEnv {
  std::map<std::string, std::string> set;
  std::vector<std::string> unset;
};

// Runs `argv` (argv[0] is the program path) to completion. Throws std::runtime_error if it
// cannot start or does not finish within `timeout` (it is killed then).
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessEnv& env = {},
                          const std::string& working_dir = "",
                          std::chrono::seconds timeout = std::chrono::seconds(120));

// A program running in the background with its stdout and stderr sent to files.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessEnv& env = {},
                    const std::string& working_dir = "");
  ~BackgroundProcess();  // SIGKILL if still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits until stdout contains `text`; false on timeout or if the process ended first.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);
  void send_signal(int sig);
  // Waits for the process to end; returns its result (output read from the files).
  ProcessResult wait(std::chrono::milliseconds timeout);
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;  // valid once reaped_
  std::string out_path_;
  std::string err_path_;
};

// The atrium binary under test.
inline std::string atrium_binary() {
  return ATRIUM_BINARY;
}

}  // namespace atrium::testing
