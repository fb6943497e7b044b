#pragma once
// The e-mails the account flows send, and the one interface they send them through. The auth
// layer builds a MailRequest (who, which kind, the link); the mail layer renders it with its
// templates and delivers it through the transport ATRIUM_MAIL_TRANSPORT chooses (log | file |
// smtp), off the request thread, retrying failures with back-off.

#include <chrono>
#include <memory>
#include <string>

#include "core/config.hpp"

namespace atrium::mail {

// One per template (subject, text and HTML body); the names are the template file names.
enum class MailKind {
  verify_email,               // verify-email
  change_email_confirmation,  // change-email-confirmation: to the old address
  change_email_verification,  // change-email-verification: to the new address
  reset_password,             // reset-password
  delete_account,             // delete-account
};

struct MailRequest {
  MailKind kind = MailKind::verify_email;
  std::string to;         // the recipient's address
  std::string user_name;  // the user's display name, for the greeting (may be empty)
  std::string url;        // the link the recipient follows
  std::string token;      // the token inside the link (templates may show it on its own)
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  Mailer() = default;
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  // Queues the message and returns at once: never blocks on delivery and never throws for a
  // delivery failure (those are retried with back-off and logged, without the token).
  virtual void send(MailRequest request) = 0;

  // Waits until every queued message is delivered or given up, at most `deadline`; true when
  // the queue is empty. Shutdown calls it; tests call it before reading the file transport's
  // directory.
  virtual bool flush(std::chrono::milliseconds deadline) = 0;
};

// The transport Config names behind the background outbox, with the templates from
// ATRIUM_MAIL_TEMPLATES (a directory; a missing file there falls back to the built-in
// template). Throws ConfigError for an unusable setting (e.g. a mail directory that cannot be
// created, an SMTP URL that is not smtp:// or smtps://).
std::unique_ptr<Mailer> make_mailer(const Config& config);

}  // namespace atrium::mail
