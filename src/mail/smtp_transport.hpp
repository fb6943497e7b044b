#pragma once
// ATRIUM_MAIL_TRANSPORT=smtp through libcurl. ATRIUM_SMTP_URL:
//   smtps://[user:password@]host[:465]   implicit TLS
//   smtp://[user:password@]host[:587][?starttls=required|try|off]
// For smtp:// STARTTLS is required when the URL has credentials (AUTH never goes out in clear
// text) and tried otherwise, unless the query says differently. The server's certificate and
// name are always checked, against the system's CAs or ATRIUM_SMTP_CA_FILE.

#include <string>

#include "mail/transport.hpp"

namespace atrium::mail {

enum class StartTls { off, try_, required };

struct SmtpSettings {
  std::string url;  // what libcurl connects to: scheme, credentials, host, port
  bool implicit_tls = false;
  StartTls starttls = StartTls::try_;
  std::string ca_file;  // empty: the system's CA store
  long connect_timeout_seconds = 10;
  long timeout_seconds = 60;
};

// Parses ATRIUM_SMTP_URL as described above; throws ConfigError otherwise.
SmtpSettings parse_smtp_url(const std::string& url, const std::string& ca_file);

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  void deliver(const Message& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace atrium::mail
