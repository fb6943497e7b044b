#include "mail/templates.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "core/config.hpp"

namespace atrium::mail {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "atrium-mail-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

MailRequest request(MailKind kind = MailKind::verify_email) {
  MailRequest r;
  r.kind = kind;
  r.to = "ada@example.org";
  r.user_name = "Ada";
  r.url = "https://app.example/api/auth/verify-email?token=t0k&callbackURL=%2F";
  r.token = "t0k";
  return r;
}

TEST(Templates, KindNamesAreTheFileNames) {
  EXPECT_EQ(kind_name(MailKind::verify_email), "verify-email");
  EXPECT_EQ(kind_name(MailKind::change_email_confirmation), "change-email-confirmation");
  EXPECT_EQ(kind_name(MailKind::change_email_verification), "change-email-verification");
  EXPECT_EQ(kind_name(MailKind::reset_password), "reset-password");
  EXPECT_EQ(kind_name(MailKind::delete_account), "delete-account");
}

TEST(Templates, BuiltInsCarryTheLinkInBothBodies) {
  const Templates templates;
  for (auto kind :
       {MailKind::verify_email, MailKind::change_email_confirmation,
        MailKind::change_email_verification, MailKind::reset_password, MailKind::delete_account}) {
    const auto r = request(kind);
    const auto out = templates.render(r);
    EXPECT_FALSE(out.subject.empty()) << kind_name(kind);
    EXPECT_NE(out.text.find(r.url), std::string::npos) << kind_name(kind);
    EXPECT_NE(out.text.find("Hello Ada,"), std::string::npos) << kind_name(kind);
    // In HTML the & of the query is escaped, as an attribute value must be.
    EXPECT_NE(out.html.find("href=\"https://app.example/api/auth/verify-email?token=t0k&amp;"
                            "callbackURL=%2F\""),
              std::string::npos)
        << kind_name(kind);
    EXPECT_EQ(out.html.find("{{"), std::string::npos) << kind_name(kind);
    EXPECT_EQ(out.text.find("{{"), std::string::npos) << kind_name(kind);
  }
  EXPECT_NE(Templates().render(request(MailKind::reset_password)).subject,
            Templates().render(request(MailKind::verify_email)).subject);
}

TEST(Templates, EmptyNameGreetsTheAddress) {
  auto r = request();
  r.user_name.clear();
  EXPECT_NE(Templates().render(r).text.find("Hello ada@example.org,"), std::string::npos);
}

TEST(Templates, ValuesAreEscapedInHtmlOnly) {
  auto r = request();
  r.user_name = "<script>alert('x')</script> & \"co\"";
  const auto out = Templates().render(r);
  EXPECT_EQ(out.html.find("<script>"), std::string::npos);
  EXPECT_NE(out.html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"),
            std::string::npos);
  EXPECT_NE(out.text.find(r.user_name), std::string::npos);
}

TEST(Templates, Placeholders) {
  const auto r = request();
  EXPECT_EQ(fill_placeholders("{{name}}|{{email}}|{{token}}|{{other}}|{{url", r, false),
            "Ada|ada@example.org|t0k|{{other}}|{{url");
  EXPECT_EQ(fill_placeholders("<a href=\"{{url}}\">", r, true),
            "<a href=\"https://app.example/api/auth/verify-email?token=t0k&amp;callbackURL=%2F\">");
}

TEST(Templates, LineBreaksInTheSubjectBecomeSpaces) {
  TempDir dir;
  write(dir.path / "verify-email.subject", "Welcome {{name}}\n");
  auto r = request();
  r.user_name = "Ada\r\nBcc: victim@example.net";
  const auto out = Templates::load(dir.path.string()).render(r);
  EXPECT_EQ(out.subject, "Welcome Ada  Bcc: victim@example.net");
}

TEST(Templates, FilesOverrideTheBuiltInsOneByOne) {
  TempDir dir;
  write(dir.path / "reset-password.subject", "Your {{email}} reset\n");
  write(dir.path / "reset-password.txt", "Go to {{url}} now, {{name}}. Code {{token}}.\n");
  write(dir.path / "verify-email.html", "<p>{{name}}: <a href=\"{{url}}\">here</a></p>");
  const auto templates = Templates::load(dir.path.string());

  const auto reset = templates.render(request(MailKind::reset_password));
  EXPECT_EQ(reset.subject, "Your ada@example.org reset");
  EXPECT_EQ(reset.text, "Go to " + request().url + " now, Ada. Code t0k.\n");
  // No reset-password.html: the built-in one.
  EXPECT_EQ(reset.html, Templates().render(request(MailKind::reset_password)).html);

  const auto verify = templates.render(request(MailKind::verify_email));
  EXPECT_EQ(verify.html,
            "<p>Ada: <a href=\"https://app.example/api/auth/verify-email?token=t0k&amp;"
            "callbackURL=%2F\">here</a></p>");
  EXPECT_EQ(verify.subject, Templates().render(request()).subject);
  EXPECT_EQ(verify.text, Templates().render(request()).text);
}

TEST(Templates, ReadOnceAtLoad) {
  TempDir dir;
  write(dir.path / "delete-account.subject", "first");
  const auto templates = Templates::load(dir.path.string());
  write(dir.path / "delete-account.subject", "second");
  EXPECT_EQ(templates.render(request(MailKind::delete_account)).subject, "first");
}

TEST(Templates, MissingDirectoryIsAConfigError) {
  TempDir dir;
  EXPECT_THROW(Templates::load((dir.path / "nope").string()), ConfigError);
  EXPECT_NO_THROW(Templates::load(""));
}

}  // namespace
}  // namespace atrium::mail
