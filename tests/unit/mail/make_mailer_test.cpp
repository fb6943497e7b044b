// make_mailer from a Config, end to end through the transports that need no server: the file
// transport's .eml files (what the account-flow tests read) and the log transport's lines.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "core/config.hpp"
#include "log_capture.hpp"
#include "mail/mailer.hpp"
#include "support/mail_message.hpp"

namespace atrium::mail {
namespace {

using namespace std::chrono_literals;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "atrium-mail-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

MailRequest request(MailKind kind, const std::string& to) {
  MailRequest r;
  r.kind = kind;
  r.to = to;
  r.user_name = "Grace";
  r.url = "http://localhost:3000/reset-password/tok123?callbackURL=%2Fnew";
  r.token = "tok123";
  return r;
}

TEST(MakeMailer, FileTransportWritesOneEmlPerMessageInOrder) {
  TempDir tmp;
  Config config;
  config.mail_transport = "file";
  config.mail_dir = (tmp.path / "outbox").string();
  config.mail_from = "Atrium <no-reply@atrium.test>";
  auto mailer = make_mailer(config);
  mailer->send(request(MailKind::reset_password, "grace@example.org"));
  mailer->send(request(MailKind::delete_account, "alan@example.org"));
  ASSERT_TRUE(mailer->flush(30s));
  const auto files = testing::mail_files(config.mail_dir);
  ASSERT_EQ(files.size(), 2u);
  const auto first = testing::read_mail_file(files[0]);
  EXPECT_EQ(first.header("To"), "grace@example.org");
  EXPECT_EQ(first.header("From"), "Atrium <no-reply@atrium.test>");
  EXPECT_EQ(first.subject, "Reset your password");
  EXPECT_EQ(testing::first_url(first.text),
            "http://localhost:3000/reset-password/tok123?callbackURL=%2Fnew");
  EXPECT_EQ(testing::read_mail_file(files[1]).header("To"), "alan@example.org");
}

TEST(MakeMailer, TemplatesDirectoryIsUsed) {
  TempDir tmp;
  std::ofstream(tmp.path / "verify-email.subject") << "Confirm {{email}}\n";
  Config config;
  config.mail_transport = "file";
  config.mail_dir = (tmp.path / "out").string();
  config.mail_templates_dir = tmp.path.string();
  auto mailer = make_mailer(config);
  mailer->send(request(MailKind::verify_email, "grace@example.org"));
  ASSERT_TRUE(mailer->flush(30s));
  const auto files = testing::mail_files(config.mail_dir);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(testing::read_mail_file(files[0]).subject, "Confirm grace@example.org");
}

TEST(MakeMailer, LogTransportLogsTheLinkOnce) {
  test::LogCapture log;
  Config config;  // log is the default
  {
    auto mailer = make_mailer(config);
    mailer->send(request(MailKind::reset_password, "grace@example.org"));
    ASSERT_TRUE(mailer->flush(30s));
  }
  const auto text = log.text();
  EXPECT_NE(text.find("[info] mail (reset-password)"), std::string::npos) << text;
  EXPECT_NE(text.find("to grace@example.org"), std::string::npos) << text;
  EXPECT_NE(text.find("http://localhost:3000/reset-password/tok123?callbackURL=%2Fnew"),
            std::string::npos)
      << text;
}

TEST(MakeMailer, UnusableSettingsAreConfigErrors) {
  TempDir tmp;
  Config file;
  file.mail_transport = "file";
  std::ofstream(tmp.path / "plain-file") << "x";
  file.mail_dir = (tmp.path / "plain-file" / "mail").string();
  EXPECT_THROW(make_mailer(file), ConfigError);

  Config from;
  from.mail_from = "atrium <no-reply@example.com>\r\nBcc: victim@example.net";
  EXPECT_THROW(make_mailer(from), ConfigError);
  from.mail_from = "";
  EXPECT_THROW(make_mailer(from), ConfigError);

  Config templates;
  templates.mail_templates_dir = (tmp.path / "missing").string();
  EXPECT_THROW(make_mailer(templates), ConfigError);

  Config smtp;
  smtp.mail_transport = "smtp";
  smtp.smtp_url = "http://mail.example.com";
  EXPECT_THROW(make_mailer(smtp), ConfigError);

  Config unknown;
  unknown.mail_transport = "carrier-pigeon";
  EXPECT_THROW(make_mailer(unknown), ConfigError);
}

}  // namespace
}  // namespace atrium::mail
