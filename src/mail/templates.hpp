#pragma once
// Subject, text and HTML body per MailKind. Built-in wording, each piece replaceable by a file
// in ATRIUM_MAIL_TEMPLATES named <kind>.subject, <kind>.txt or <kind>.html; the files are read
// once, at start. Placeholders: {{url}}, {{name}} (the user's name, or the address when the
// name is empty), {{email}}, {{token}}; HTML-escaped in the HTML body, and line breaks in the
// subject become spaces so a value cannot start a header of its own.

#include <array>
#include <string>
#include <string_view>

#include "mail/mailer.hpp"

namespace atrium::mail {

// The template name of a kind: "verify-email", "reset-password", …
std::string_view kind_name(MailKind kind);

struct RenderedMail {
  std::string subject;
  std::string text;
  std::string html;
};

class Templates {
 public:
  // The built-in templates only.
  Templates();

  // The built-ins overridden by whichever files `dir` has. Throws ConfigError when `dir` is
  // not a directory or a file there cannot be read.
  static Templates load(const std::string& dir);

  RenderedMail render(const MailRequest& request) const;

 private:
  struct Set {
    std::string subject;
    std::string text;
    std::string html;
  };
  static constexpr std::size_t kKinds = 5;
  std::array<Set, kKinds> sets_;
};

// Replaces {{url}}, {{name}}, {{email}} and {{token}} in `text`, escaping each value for HTML
// when `html` is set. Unknown {{…}} are left as they are.
std::string fill_placeholders(std::string_view text, const MailRequest& request, bool html);

std::string escape_html(std::string_view text);

}  // namespace atrium::mail
