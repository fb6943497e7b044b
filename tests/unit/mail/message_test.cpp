#include "mail/message.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "mail/encoding.hpp"
#include "mail/mail_error.hpp"
#include "support/mail_message.hpp"

namespace atrium::mail {
namespace {

const ManualClock kClock(TimePoint(std::chrono::seconds(1795900545)));  // 2026-11-29T...

Message sample(std::string subject = "Verify your e-mail address") {
  return make_message(
      "verify-email", "atrium <no-reply@mail.example.com>", "ada@example.org", std::move(subject),
      "Hello Ada,\n\nhttps://app.example/verify?token=abc=def\n",
      "<p>Hello <b>Ada</b></p>\n<a href=\"https://app.example/verify?token=abc=def\">"
      "verify</a>\n",
      kClock, system_random());
}

TEST(Message, HasBothPartsAndTheStandardHeaders) {
  const auto message = sample();
  const auto wire = to_rfc5322(message);
  const auto parsed = testing::parse_mail(wire);
  EXPECT_EQ(parsed.header("From"), "atrium <no-reply@mail.example.com>");
  EXPECT_EQ(parsed.header("To"), "ada@example.org");
  EXPECT_EQ(parsed.subject, "Verify your e-mail address");
  EXPECT_EQ(parsed.header("MIME-Version"), "1.0");
  EXPECT_EQ(parsed.header("Date"), rfc5322_date(kClock.now()));
  EXPECT_NE(parsed.header("Content-Type").find("multipart/alternative"), std::string::npos);
  EXPECT_EQ(parsed.text, message.text);
  EXPECT_EQ(parsed.html, message.html);
  EXPECT_EQ(testing::first_url(parsed.text), "https://app.example/verify?token=abc=def");
  EXPECT_NE(wire.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Type: text/html; charset=UTF-8\r\n"), std::string::npos);
}

TEST(Message, MessageIdIsRandomAtTheSenderDomain) {
  const auto a = sample();
  const auto b = sample();
  EXPECT_NE(a.message_id, b.message_id);
  EXPECT_EQ(a.message_id.front(), '<');
  EXPECT_EQ(a.message_id.substr(a.message_id.size() - 18), "@mail.example.com>");
  EXPECT_EQ(testing::parse_mail(to_rfc5322(a)).header("Message-ID"), a.message_id);
}

TEST(Message, DateIsRfc5322) {
  EXPECT_EQ(rfc5322_date(TimePoint(std::chrono::seconds(0))), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(TimePoint(std::chrono::seconds(1795900545))),
            "Sat, 28 Nov 2026 21:15:45 +0000");
}

TEST(Message, LinesStayShortAndEveryLineEndIsCrlf) {
  std::string long_text(500, 'x');
  long_text += " é ü " + std::string(300, '=') + "\n";
  const auto wire =
      to_rfc5322(make_message("reset-password", "no-reply@example.com", "b@example.com", "Reset",
                              long_text, long_text, kClock, system_random()));
  std::size_t pos = 0;
  while (pos < wire.size()) {
    const auto end = wire.find('\n', pos);
    ASSERT_NE(end, std::string::npos);
    ASSERT_GT(end, pos);
    EXPECT_EQ(wire[end - 1], '\r');
    EXPECT_LE(end - pos - 1, 76u) << wire.substr(pos, end - pos);
    pos = end + 1;
  }
  EXPECT_EQ(testing::parse_mail(wire).text, long_text);
}

TEST(Message, NonAsciiSubjectIsEncodedWords) {
  const std::string subject = "Bestätigen Sie Ihre E-Mail-Adresse — 確認してください, bitte sofort";
  const auto wire = to_rfc5322(sample(subject));
  const auto parsed = testing::parse_mail(wire);
  EXPECT_NE(parsed.header("Subject").find("=?UTF-8?B?"), std::string::npos);
  EXPECT_EQ(parsed.subject, subject);
  // Every byte of the header block is ASCII.
  const auto headers = wire.substr(0, wire.find("\r\n\r\n"));
  for (unsigned char c : headers) EXPECT_LT(c, 0x80);
}

TEST(Message, NonAsciiDisplayNameIsEncoded) {
  const auto m = make_message("verify-email", "Ätrium Team <team@example.com>", "a@example.com",
                              "Hi", "t", "h", kClock, system_random());
  const auto parsed = testing::parse_mail(to_rfc5322(m));
  EXPECT_EQ(testing::decode_header_words(parsed.header("From")), "Ätrium Team <team@example.com>");
  EXPECT_NE(parsed.header("From").find("=?UTF-8?B?"), std::string::npos);
}

TEST(Message, DisplayNameWithSpecialsIsQuoted) {
  const auto m = make_message("verify-email", "Atrium, Inc. <team@example.com>", "a@example.com",
                              "Hi", "t", "h", kClock, system_random());
  EXPECT_EQ(testing::parse_mail(to_rfc5322(m)).header("From"),
            "\"Atrium, Inc.\" <team@example.com>");
}

TEST(Message, LineBreakInAnyHeaderIsRefused) {
  const auto make = [](std::string from, std::string to, std::string subject) {
    return make_message("verify-email", std::move(from), std::move(to), std::move(subject), "t",
                        "h", kClock, system_random());
  };
  const std::string ok_from = "no-reply@example.com";
  EXPECT_THROW(make(ok_from, "a@example.com\r\nBcc: victim@example.net", "s"), MailError);
  EXPECT_THROW(make(ok_from, "a@example.com\nBcc: victim@example.net", "s"), MailError);
  EXPECT_THROW(make(ok_from, "a@example.com", "hi\r\nBcc: victim@example.net"), MailError);
  EXPECT_THROW(make(ok_from, "a@example.com", "hi\rthere"), MailError);
  EXPECT_THROW(make("x@example.com\nBcc: v@example.net", "a@example.com", "s"), MailError);
  try {
    make(ok_from, "a@example.com", "hi\nBcc: v@example.net");
    FAIL() << "no MailError";
  } catch (const MailError& e) {
    EXPECT_FALSE(e.retryable());
  }
  // A Message changed after it was made is checked again when it is written out.
  auto m = make(ok_from, "a@example.com", "s");
  m.subject = "s\r\nBcc: victim@example.net";
  EXPECT_THROW(to_rfc5322(m), MailError);
}

TEST(Message, EmptyAddressIsRefused) {
  EXPECT_THROW(
      make_message("k", "no-reply@example.com", "", "s", "t", "h", kClock, system_random()),
      MailError);
  EXPECT_THROW(make_message("k", "Name <>", "a@b.c", "s", "t", "h", kClock, system_random()),
               MailError);
}

TEST(Message, AddressHelpers) {
  EXPECT_EQ(address_of("atrium <no-reply@x.org>"), "no-reply@x.org");
  EXPECT_EQ(address_of(" plain@x.org "), "plain@x.org");
  EXPECT_EQ(domain_of("atrium <no-reply@x.org>"), "x.org");
  EXPECT_EQ(domain_of("nobody"), "localhost");
  EXPECT_EQ(redact_address("ada@example.org"), "a***@example.org");
  EXPECT_EQ(redact_address("nonsense"), "***");
}

TEST(Encoding, QuotedPrintable) {
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("trailing space \nnext"), "trailing space=20\r\nnext");
  EXPECT_EQ(quoted_printable("é"), "=C3=A9");
  EXPECT_EQ(quoted_printable("one\r\ntwo\n"), "one\r\ntwo\r\n");
  const std::string long_line(200, 'a');
  const auto encoded = quoted_printable(long_line);
  EXPECT_NE(encoded.find("=\r\n"), std::string::npos);
  EXPECT_EQ(testing::decode_quoted_printable(encoded), long_line);
}

TEST(Encoding, Base64) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

TEST(Encoding, HeaderWordsNeverSplitACharacter) {
  const std::string text(100, 'a');
  std::string snowmen;
  for (int i = 0; i < 40; ++i) snowmen += "☃";
  const auto encoded = encode_header_text(snowmen, 9);
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    auto end = encoded.find("\r\n ", pos);
    const auto word = encoded.substr(pos, end == std::string::npos ? end : end - pos);
    EXPECT_LE(word.size(), 75u);
    // Each word decodes on its own to whole snowmen.
    EXPECT_EQ(testing::decode_header_words(word).size() % 3, 0u);
    if (end == std::string::npos) break;
    pos = end + 3;
  }
  EXPECT_EQ(testing::decode_header_words(encoded), snowmen);
  EXPECT_EQ(encode_header_text(text, 9), text);
}

}  // namespace
}  // namespace atrium::mail
