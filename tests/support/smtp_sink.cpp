#include "support/smtp_sink.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace atrium::testing {
namespace {

// Debian's interpreter, where python3-aiosmtpd is installed: a pyenv or venv python3 earlier
// in PATH would not have it.
constexpr const char* kPython = "/usr/bin/python3";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

TempDirectory::TempDirectory() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "atrium-smtp-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDirectory::~TempDirectory() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

SelfSignedCert make_self_signed_cert(const std::string& dir) {
  SelfSignedCert c{dir + "/cert.pem", dir + "/key.pem"};
  const auto r =
      run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                   c.key, "-out", c.cert, "-days", "2", "-subj", "/CN=localhost", "-addext",
                   "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  if (r.exit_code != 0) throw std::runtime_error("openssl req failed: " + r.err);
  return c;
}

int free_local_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

SmtpSink::SmtpSink(SmtpSinkOptions options, const SelfSignedCert& cert) {
  std::vector<std::string> argv = {
      kPython,  std::string(ATRIUM_SOURCE_DIR) + "/tests/support/smtp_sink.py",
      "--dir",  dir_.path(),
      "--port", std::to_string(options.port)};
  argv.push_back("--mode");
  argv.push_back(options.mode == SmtpSinkMode::plain      ? "plain"
                 : options.mode == SmtpSinkMode::starttls ? "starttls"
                                                          : "tls");
  if (options.require_starttls) argv.push_back("--require-tls");
  if (options.mode != SmtpSinkMode::plain) {
    argv.insert(argv.end(), {"--cert", cert.cert, "--key", cert.key});
  }
  if (!options.user.empty()) {
    argv.insert(argv.end(), {"--user", options.user, "--password", options.password});
  }
  process_ = std::make_unique<BackgroundProcess>(argv);
  if (!process_->wait_for_output("listening on ", std::chrono::seconds(30))) {
    const auto err = process_->stderr_text();
    throw std::runtime_error("the SMTP sink did not start: " + err);
  }
  // wait_for_output saw the start of the line; the port follows once the line is complete.
  for (int i = 0; i < 3000; ++i) {
    const auto out = process_->stdout_text();
    const auto at = out.find("listening on ");
    const auto end = out.find('\n', at);
    if (end != std::string::npos) {
      port_ = std::stoi(out.substr(at + 13, end - at - 13));
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("the SMTP sink did not say its port");
}

SmtpSink::~SmtpSink() {
  stop();
}

void SmtpSink::stop() {
  if (!process_) return;
  process_->send_signal(SIGTERM);
  process_->wait(std::chrono::seconds(30));
  process_.reset();
}

std::vector<ReceivedSmtpMail> SmtpSink::received() const {
  std::vector<std::string> metas;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    const auto p = entry.path().string();
    if (p.size() > 5 && p.substr(p.size() - 5) == ".meta") metas.push_back(p);
  }
  std::sort(metas.begin(), metas.end());
  std::vector<ReceivedSmtpMail> out;
  for (const auto& meta : metas) {
    ReceivedSmtpMail r;
    std::istringstream lines(read_text(meta));
    std::string line;
    while (std::getline(lines, line)) {
      const auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      const auto key = line.substr(0, eq);
      const auto value = line.substr(eq + 1);
      if (key == "mail_from") r.mail_from = value;
      if (key == "rcpt_to") r.rcpt_to = value;
      if (key == "login") r.login = value;
      if (key == "tls") r.tls = value == "1";
    }
    r.message = read_mail_file(meta.substr(0, meta.size() - 5) + ".eml");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ReceivedSmtpMail> SmtpSink::wait_for(std::size_t count,
                                                 std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto got = received();
    if (got.size() >= count || std::chrono::steady_clock::now() >= until) return got;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace atrium::testing
