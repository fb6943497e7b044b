#pragma once
// Reads back the e-mails atrium sends (the file transport's .eml files, what an SMTP sink
// received): headers unfolded, encoded-word subjects and quoted-printable/base64 parts
// decoded, so a test can look for the link as the recipient would see it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::testing {

struct MailMessage {
  std::map<std::string, std::string> headers;  // lower-case name -> unfolded, raw value
  std::string subject;                         // decoded (RFC 2047)
  std::string text;                            // the text/plain part, decoded, LF line ends
  std::string html;                            // the text/html part, decoded, LF line ends
  std::string raw;

  std::string header(const std::string& name) const;
};

MailMessage parse_mail(std::string raw);
MailMessage read_mail_file(const std::string& path);

// The *.eml files in `dir`, oldest first (the file transport's names sort by time).
std::vector<std::string> mail_files(const std::string& dir);

// The first http(s) URL in `text` (up to whitespace, a quote or '<').
std::string first_url(std::string_view text);

std::string decode_quoted_printable(std::string_view text);
std::string decode_base64(std::string_view text);
std::string decode_header_words(std::string_view value);

}  // namespace atrium::testing
