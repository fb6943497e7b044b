#include "core/config.hpp"
#include "mail/file_transport.hpp"
#include "mail/libcurl.hpp"
#include "mail/log_transport.hpp"
#include "mail/mail_error.hpp"
#include "mail/mailer.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp_transport.hpp"

namespace atrium::mail {

std::unique_ptr<Mailer> make_mailer(const Config& config) {
  std::unique_ptr<Transport> transport;
  if (config.mail_transport == "file") {
    if (config.mail_dir.empty()) throw ConfigError("ATRIUM_MAIL_DIR must be set for file mail");
    transport = std::make_unique<FileTransport>(config.mail_dir);
  } else if (config.mail_transport == "smtp") {
    // libcurl is loaded only now (libcurl.hpp): a server without it refuses to start rather
    // than discovering it at the first e-mail.
    try {
      libcurl();
    } catch (const MailError& e) {
      throw ConfigError(std::string("ATRIUM_MAIL_TRANSPORT=smtp: ") + e.what());
    }
    transport =
        std::make_unique<SmtpTransport>(parse_smtp_url(config.smtp_url, config.smtp_ca_file));
  } else if (config.mail_transport == "log") {
    transport = std::make_unique<LogTransport>();
  } else {
    throw ConfigError("ATRIUM_MAIL_TRANSPORT must be log, file or smtp, not '" +
                      config.mail_transport + "'");
  }
  if (address_of(config.mail_from).empty() ||
      config.mail_from.find_first_of("\r\n") != std::string::npos) {
    throw ConfigError("ATRIUM_MAIL_FROM must be an address, e.g. 'atrium <no-reply@example.com>'");
  }
  return std::make_unique<Outbox>(std::move(transport), Templates::load(config.mail_templates_dir),
                                  config.mail_from);
}

}  // namespace atrium::mail
