#pragma once
// A real SMTP server for the mail tests: tests/support/smtp_sink.py (Debian's aiosmtpd) in a
// background process, plain, with STARTTLS or with implicit TLS, optionally requiring AUTH,
// writing what it receives into a temporary directory. The TLS certificate is a throwaway
// self-signed one the openssl CLI makes for 127.0.0.1; clients trust it through its file.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/mail_message.hpp"
#include "support/process.hpp"

namespace atrium::testing {

enum class SmtpSinkMode { plain, starttls, tls };

struct SmtpSinkOptions {
  SmtpSinkMode mode = SmtpSinkMode::plain;
  bool require_starttls = false;  // starttls mode: refuse MAIL before STARTTLS
  std::string user;               // non-empty: AUTH required
  std::string password;
  int port = 0;  // 0: any free port
};

struct ReceivedSmtpMail {
  std::string mail_from;  // the envelope sender
  std::string rcpt_to;    // the envelope recipients, comma-separated
  std::string login;      // who authenticated ("" when nobody)
  bool tls = false;       // whether the connection was encrypted when DATA arrived
  MailMessage message;
};

// A directory removed with everything in it at destruction.
class TempDirectory {
 public:
  TempDirectory();
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// cert.pem (also the CA file to trust) and key.pem for CN=localhost, IP 127.0.0.1.
struct SelfSignedCert {
  std::string cert;
  std::string key;
};
SelfSignedCert make_self_signed_cert(const std::string& dir);

class SmtpSink {
 public:
  // Starts the server and waits until it listens; throws std::runtime_error otherwise. The TLS
  // modes need `cert`.
  explicit SmtpSink(SmtpSinkOptions options, const SelfSignedCert& cert = {});
  ~SmtpSink();  // stops the server

  int port() const { return port_; }
  // Stops the server now (the port becomes free again).
  void stop();

  // What arrived so far, in order.
  std::vector<ReceivedSmtpMail> received() const;
  // Waits until at least `count` messages arrived; what arrived by then.
  std::vector<ReceivedSmtpMail> wait_for(std::size_t count,
                                         std::chrono::milliseconds timeout) const;

 private:
  TempDirectory dir_;
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int free_local_port();

}  // namespace atrium::testing
