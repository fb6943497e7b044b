#pragma once
// A rendered e-mail and its wire form (RFC 5322 + MIME): multipart/alternative with a text and
// an HTML part, both UTF-8 quoted-printable, the subject as encoded words when it is not
// ASCII. Date and Message-ID are fixed when the message is made so a retried delivery sends
// the same message. No header can be injected: a CR or LF in any header value is refused.

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/random.hpp"

namespace atrium::mail {

struct Message {
  std::string kind;  // the template name, for logs ("verify-email")
  std::string from;  // "Display Name <addr@domain>" or "addr@domain"
  std::string to;    // the recipient's address
  std::string subject;
  std::string text;  // the plain-text body
  std::string html;  // the HTML body
  TimePoint date{};
  std::string message_id;  // "<random@from-domain>"
};

// Fills date and message_id (random, at the sender's domain). Throws MailError (permanent)
// when a header value holds CR or LF or an address is empty.
Message make_message(std::string kind, std::string from, std::string to, std::string subject,
                     std::string text, std::string html, const Clock& clock, RandomSource& random);

// The bytes to hand to an SMTP server or write to an .eml file, CRLF line ends. Throws
// MailError (permanent) for a header value with CR or LF, so a Message built by hand cannot
// inject headers either.
std::string to_rfc5322(const Message& message);

// The addr-spec inside "Name <addr>" (or the whole text when there are no angle brackets).
std::string address_of(std::string_view mailbox);

// The part after the last '@' of the address inside `mailbox` ("localhost" when there is none).
std::string domain_of(std::string_view mailbox);

// "j***@example.com": enough to tell deliveries apart in a log without the whole address.
std::string redact_address(std::string_view address);

// RFC 5322 date-time in UTC, e.g. "Thu, 26 Nov 2026 21:15:45 +0000".
std::string rfc5322_date(TimePoint t);

}  // namespace atrium::mail
