#include "mail/message.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

#include "mail/encoding.hpp"
#include "mail/mail_error.hpp"

namespace atrium::mail {
namespace {

void refuse_line_breaks(std::string_view header, std::string_view value) {
  if (value.find_first_of("\r\n") != std::string_view::npos) {
    throw MailError(
        false, "mail: the " + std::string(header) + " header holds a line break; refusing to send");
  }
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// RFC 5322 atext plus space: a display name made only of these needs no quoting.
bool is_plain_phrase(std::string_view name) {
  for (unsigned char c : name) {
    const bool ok = std::isalnum(c) || c == ' ' ||
                    std::string_view("!#$%&'*+-/=?^_`{|}~.").find(static_cast<char>(c)) !=
                        std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// "Name <addr>" with the name quoted or encoded as its characters need.
std::string mailbox_header(std::string_view mailbox, std::size_t used) {
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return trim(mailbox);
  auto name = trim(mailbox.substr(0, open));
  const auto addr = address_of(mailbox);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.empty()) return "<" + addr + ">";
  if (!is_printable_ascii(name)) return encode_header_text(name, used) + " <" + addr + ">";
  if (is_plain_phrase(name)) return name + " <" + addr + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return quoted + "\" <" + addr + ">";
}

}  // namespace

std::string address_of(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return trim(mailbox);
  const auto close = mailbox.find('>', open);
  return trim(mailbox.substr(
      open + 1, (close == std::string_view::npos ? mailbox.size() : close) - open - 1));
}

std::string domain_of(std::string_view mailbox) {
  const auto addr = address_of(mailbox);
  const auto at = addr.rfind('@');
  if (at == std::string::npos || at + 1 == addr.size()) return "localhost";
  return addr.substr(at + 1);
}

std::string redact_address(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return "***";
  const std::string first = at > 0 ? std::string(1, address[0]) : std::string();
  return first + "***" + std::string(address.substr(at));
}

std::string rfc5322_date(TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
                tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

Message make_message(std::string kind, std::string from, std::string to, std::string subject,
                     std::string text, std::string html, const Clock& clock, RandomSource& random) {
  Message m;
  m.kind = std::move(kind);
  m.from = std::move(from);
  m.to = std::move(to);
  m.subject = std::move(subject);
  m.text = std::move(text);
  m.html = std::move(html);
  refuse_line_breaks("From", m.from);
  refuse_line_breaks("To", m.to);
  refuse_line_breaks("Subject", m.subject);
  if (address_of(m.from).empty()) throw MailError(false, "mail: the sender address is empty");
  if (address_of(m.to).empty()) throw MailError(false, "mail: the recipient address is empty");
  m.date = clock.now();
  m.message_id = "<" + generate_id(random, 32) + "@" + domain_of(m.from) + ">";
  return m;
}

std::string to_rfc5322(const Message& m) {
  refuse_line_breaks("From", m.from);
  refuse_line_breaks("To", m.to);
  refuse_line_breaks("Subject", m.subject);
  refuse_line_breaks("Message-ID", m.message_id);
  // No quoted-printable line contains "=_" ('=' is always followed by two hex digits or a
  // line end), so this boundary cannot occur inside either part.
  const auto id_end = m.message_id.find('@');
  const std::string boundary =
      "=_atrium_" + (id_end != std::string::npos && id_end > 1 ? m.message_id.substr(1, id_end - 1)
                                                               : std::string("part"));
  std::string out;
  out.reserve(m.text.size() + m.html.size() + 1024);
  out += "From: " + mailbox_header(m.from, 6) + "\r\n";
  out += "To: " + mailbox_header(m.to, 4) + "\r\n";
  out += "Subject: " + encode_header_text(m.subject, 9) + "\r\n";
  out += "Date: " + rfc5322_date(m.date) + "\r\n";
  out += "Message-ID: " + m.message_id + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  // RFC 3834: tells auto-responders not to answer.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  const auto part = [&](std::string_view type, std::string_view body) {
    out += "\r\n--" + boundary + "\r\n";
    out += "Content-Type: " + std::string(type) + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += quoted_printable(body);
  };
  part("text/plain", m.text);
  part("text/html", m.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace atrium::mail
