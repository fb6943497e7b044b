#pragma once
// The file transport's directory read back as an inbox (tests/support/mail_message reads each
// .eml): who it went to and the link in its text part.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/random.hpp"
#include "mail/mailer.hpp"
#include "support/mail_message.hpp"

namespace atrium::auth::testing {

struct ReceivedMail {
  std::string to;    // the To header's address
  std::string text;  // the text part, decoded
  std::string link;  // the first URL in it ("" when none)
  // The link's path and query relative to /api/auth, for the test client.
  std::string path() const {
    const auto at = link.find("/api/auth");
    return at == std::string::npos ? std::string() : link.substr(at + 9);
  }
  std::string token() const {
    static const std::regex re(R"(token=([A-Za-z0-9_\-\.]+))");
    std::smatch m;
    return std::regex_search(link, m, re) ? m[1].str() : std::string();
  }
};

class MailInbox {
 public:
  MailInbox()
      : dir_(std::filesystem::temp_directory_path() /
             ("atrium-mail-" + random_string(system_random(), 12, "abcdefghijklmnopqrstuvwxyz"))) {
    Config config;
    config.mail_transport = "file";
    config.mail_dir = dir_.string();
    mailer_ = mail::make_mailer(config);
  }
  ~MailInbox() {
    mailer_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::shared_ptr<mail::Mailer> mailer() const { return mailer_; }

  // Every message delivered so far, oldest first.
  std::vector<ReceivedMail> all() {
    EXPECT_TRUE(mailer_->flush(std::chrono::seconds(10)));
    std::vector<ReceivedMail> out;
    for (const auto& file : atrium::testing::mail_files(dir_.string())) {
      const auto message = atrium::testing::read_mail_file(file);
      ReceivedMail m;
      m.to = message.header("to");
      if (const auto lt = m.to.find('<'); lt != std::string::npos) {
        m.to = m.to.substr(lt + 1, m.to.find('>', lt) - lt - 1);
      }
      m.text = message.text;
      m.link = atrium::testing::first_url(message.text);
      out.push_back(std::move(m));
    }
    return out;
  }

  std::size_t count() { return all().size(); }

  // The newest message; fails the test when there is none.
  ReceivedMail last() {
    auto mails = all();
    if (mails.empty()) {
      ADD_FAILURE() << "no e-mail was delivered";
      return {};
    }
    return mails.back();
  }

 private:
  std::filesystem::path dir_;
  std::shared_ptr<mail::Mailer> mailer_;
};

}  // namespace atrium::auth::testing
