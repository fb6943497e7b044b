// The SMTP transport against a real SMTP server (aiosmtpd, started by the test): plain,
// STARTTLS and implicit TLS with AUTH, certificate checks, refused credentials, and a server
// that comes up only after the first attempts failed.

#include <gtest/gtest.h>

#include <thread>

#include "core/config.hpp"
#include "mail/mail_error.hpp"
#include "mail/mailer.hpp"
#include "mail/outbox.hpp"
#include "mail/smtp_transport.hpp"
#include "support/smtp_sink.hpp"

namespace atrium::mail {
namespace {

using namespace std::chrono_literals;
using testing::SmtpSink;
using testing::SmtpSinkMode;
using testing::SmtpSinkOptions;

const std::string kLink =
    "http://localhost:3000/api/auth/verify-email?token=eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFkYUBl"
    "eGFtcGxlLm9yZyJ9.c2lnbmF0dXJl&callbackURL=%2Fdashboard";

MailRequest request(const std::string& to = "ada@example.org") {
  MailRequest r;
  r.kind = MailKind::verify_email;
  r.to = to;
  r.user_name = "Ada Lovelace";
  r.url = kLink;
  r.token = "eyJhbGciOiJIUzI1NiJ9";
  return r;
}

Config smtp_config(const std::string& url, const std::string& ca_file = "") {
  Config c;
  c.mail_transport = "smtp";
  c.smtp_url = url;
  c.smtp_ca_file = ca_file;
  c.mail_from = "Atrium Tests <no-reply@atrium.test>";
  return c;
}

void expect_verify_mail(const testing::ReceivedSmtpMail& got) {
  EXPECT_EQ(got.mail_from, "no-reply@atrium.test");
  EXPECT_EQ(got.rcpt_to, "ada@example.org");
  EXPECT_EQ(got.message.header("From"), "Atrium Tests <no-reply@atrium.test>");
  EXPECT_EQ(got.message.header("To"), "ada@example.org");
  EXPECT_EQ(got.message.subject, "Verify your e-mail address");
  EXPECT_NE(got.message.header("Message-ID").find("@atrium.test>"), std::string::npos);
  EXPECT_FALSE(got.message.header("Date").empty());
  EXPECT_EQ(testing::first_url(got.message.text), kLink);
  EXPECT_NE(got.message.text.find("Hello Ada Lovelace,"), std::string::npos);
  EXPECT_NE(got.message.html.find("href=\"" + kLink.substr(0, kLink.find('&')) + "&amp;"),
            std::string::npos);
}

class SmtpTest : public ::testing::Test {
 protected:
  testing::TempDirectory certs_;
  testing::SelfSignedCert cert_ = testing::make_self_signed_cert(certs_.path());
};

TEST_F(SmtpTest, PlainThroughMakeMailer) {
  SmtpSink sink({});
  auto mailer = make_mailer(smtp_config("smtp://127.0.0.1:" + std::to_string(sink.port())));
  mailer->send(request());
  ASSERT_TRUE(mailer->flush(60s));
  const auto got = sink.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].tls);
  EXPECT_EQ(got[0].login, "");
  expect_verify_mail(got[0]);
}

TEST_F(SmtpTest, StartTlsWithAuth) {
  SmtpSinkOptions o;
  o.mode = SmtpSinkMode::starttls;
  o.require_starttls = true;
  o.user = "mailer";
  o.password = "s3cret p@ss";
  SmtpSink sink(o, cert_);
  // Credentials in an smtp:// URL make STARTTLS required; the password is percent-encoded.
  auto mailer = make_mailer(smtp_config(
      "smtp://mailer:s3cret%20p%40ss@127.0.0.1:" + std::to_string(sink.port()), cert_.cert));
  mailer->send(request());
  ASSERT_TRUE(mailer->flush(60s));
  const auto got = sink.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].tls);
  EXPECT_EQ(got[0].login, "mailer");
  expect_verify_mail(got[0]);
}

TEST_F(SmtpTest, ImplicitTlsWithAuth) {
  SmtpSinkOptions o;
  o.mode = SmtpSinkMode::tls;
  o.user = "mailer";
  o.password = "pw";
  SmtpSink sink(o, cert_);
  auto mailer = make_mailer(
      smtp_config("smtps://mailer:pw@127.0.0.1:" + std::to_string(sink.port()), cert_.cert));
  mailer->send(request());
  ASSERT_TRUE(mailer->flush(60s));
  const auto got = sink.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].tls);
  EXPECT_EQ(got[0].login, "mailer");
  expect_verify_mail(got[0]);
}

Message sample_message() {
  static const ManualClock clock(TimePoint(std::chrono::seconds(1795900545)));
  return make_message("verify-email", "no-reply@atrium.test", "ada@example.org", "Hi",
                      "text " + kLink, "<p>html</p>", clock, system_random());
}

TEST_F(SmtpTest, UntrustedCertificateIsRefused) {
  SmtpSinkOptions o;
  o.mode = SmtpSinkMode::tls;
  SmtpSink sink(o, cert_);
  // No CA file: the self-signed certificate is not in the system's store.
  SmtpTransport transport(parse_smtp_url("smtps://127.0.0.1:" + std::to_string(sink.port()), ""));
  try {
    transport.deliver(sample_message());
    FAIL() << "delivered over an unverified connection";
  } catch (const MailError& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("token"), std::string::npos);
  }
  EXPECT_TRUE(sink.received().empty());
}

TEST_F(SmtpTest, CertificateForAnotherNameIsRefused) {
  SmtpSinkOptions o;
  o.mode = SmtpSinkMode::tls;
  SmtpSink sink(o, cert_);
  // The certificate names localhost and 127.0.0.1, not 127.0.0.2 (also this machine).
  SmtpTransport transport(
      parse_smtp_url("smtps://127.0.0.2:" + std::to_string(sink.port()), cert_.cert));
  EXPECT_THROW(transport.deliver(sample_message()), MailError);
  EXPECT_TRUE(sink.received().empty());
}

TEST_F(SmtpTest, RequiredStartTlsIsNotDowngraded) {
  SmtpSink sink({});  // offers no STARTTLS
  SmtpTransport transport(parse_smtp_url(
      "smtp://127.0.0.1:" + std::to_string(sink.port()) + "?starttls=required", cert_.cert));
  EXPECT_THROW(transport.deliver(sample_message()), MailError);
  // Credentials imply it too: AUTH never goes out in clear text.
  SmtpTransport with_auth(
      parse_smtp_url("smtp://u:p@127.0.0.1:" + std::to_string(sink.port()), cert_.cert));
  EXPECT_THROW(with_auth.deliver(sample_message()), MailError);
  EXPECT_TRUE(sink.received().empty());
}

TEST_F(SmtpTest, WrongPasswordIsPermanent) {
  SmtpSinkOptions o;
  o.mode = SmtpSinkMode::tls;
  o.user = "mailer";
  o.password = "right";
  SmtpSink sink(o, cert_);
  SmtpTransport transport(
      parse_smtp_url("smtps://mailer:wrong@127.0.0.1:" + std::to_string(sink.port()), cert_.cert));
  try {
    transport.deliver(sample_message());
    FAIL() << "delivered with a wrong password";
  } catch (const MailError& e) {
    EXPECT_FALSE(e.retryable()) << e.what();
    // The URL's password is not in the error (it is logged).
    EXPECT_EQ(std::string(e.what()).find("wrong"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(sink.received().empty());
}

TEST_F(SmtpTest, ServerDownIsRetriedUntilItComesUp) {
  const int port = testing::free_local_port();
  OutboxOptions options;
  options.first_retry = 50ms;
  options.max_retry = 200ms;
  options.max_attempts = 1000;  // bounded by the flush below, not by giving up
  Outbox outbox(std::make_unique<SmtpTransport>(
                    parse_smtp_url("smtp://127.0.0.1:" + std::to_string(port), "")),
                Templates(), "Atrium Tests <no-reply@atrium.test>", options);
  outbox.send(request());
  // Nothing listens yet: wait for a failed attempt, then bring the server up.
  for (int i = 0; i < 6000 && outbox.stats().failed_attempts == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GE(outbox.stats().failed_attempts, 1u);
  EXPECT_EQ(outbox.stats().delivered, 0u);
  SmtpSinkOptions o;
  o.port = port;
  SmtpSink sink(o);
  ASSERT_TRUE(outbox.flush(120s));
  EXPECT_EQ(outbox.stats().delivered, 1u);
  const auto got = sink.received();
  ASSERT_EQ(got.size(), 1u);
  expect_verify_mail(got[0]);
}

TEST(SmtpUrl, Settings) {
  const auto plain = parse_smtp_url("smtp://mail.example.com:25", "");
  EXPECT_FALSE(plain.implicit_tls);
  EXPECT_EQ(plain.starttls, StartTls::try_);
  EXPECT_EQ(plain.url, "smtp://mail.example.com:25");
  const auto auth = parse_smtp_url("smtp://u:p@mail.example.com:587", "/ca.pem");
  EXPECT_EQ(auth.starttls, StartTls::required);
  EXPECT_EQ(auth.ca_file, "/ca.pem");
  EXPECT_EQ(parse_smtp_url("smtp://h?starttls=required", "").starttls, StartTls::required);
  EXPECT_EQ(parse_smtp_url("smtp://h?starttls=off", "").starttls, StartTls::off);
  EXPECT_EQ(parse_smtp_url("smtp://h:2525?starttls=try", "").url, "smtp://h:2525");
  EXPECT_TRUE(parse_smtp_url("smtps://u:p@h", "").implicit_tls);
  EXPECT_THROW(parse_smtp_url("http://h", ""), ConfigError);
  EXPECT_THROW(parse_smtp_url("smtp://", ""), ConfigError);
  EXPECT_THROW(parse_smtp_url("smtp://h?tls=1", ""), ConfigError);
  EXPECT_THROW(parse_smtp_url("smtp://u:p@h?starttls=try", ""), ConfigError);
  EXPECT_THROW(make_mailer(smtp_config("ftp://h")), ConfigError);
}

}  // namespace
}  // namespace atrium::mail
