#pragma once
// The auth endpoints with the account flows' e-mails going through the real file transport
// into a directory of the test's own; a test takes each message out of it as a recipient
// would and follows the link in it. Also the learner rows that hang off a user, written
// through the real schema, and a count of everything left of a user.

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "auth_fixture.hpp"
#include "core/random.hpp"
#include "support/mail_message.hpp"

namespace atrium::auth::testing {

class AccountFlowFixture : public AuthFixture {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "atrium-mail-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    mail_dir_ = pattern;
    config_.mail_transport = "file";
    config_.mail_dir = mail_dir_;
    AuthFixture::SetUp();
  }

  void TearDown() override {
    AuthFixture::TearDown();
    std::error_code ec;
    std::filesystem::remove_all(mail_dir_, ec);
  }

  // Every message sent so far delivered; how many are waiting in the directory.
  std::size_t mail_count() {
    EXPECT_TRUE(service_->mailer().flush(std::chrono::seconds(10)));
    return atrium::testing::mail_files(mail_dir_).size();
  }

  // The one message sent since the last call, taken out of the directory.
  atrium::testing::MailMessage take_mail() {
    EXPECT_TRUE(service_->mailer().flush(std::chrono::seconds(10)));
    const auto files = atrium::testing::mail_files(mail_dir_);
    EXPECT_EQ(files.size(), 1u);
    if (files.empty()) return {};
    auto message = atrium::testing::read_mail_file(files.back());
    for (const auto& f : files) std::filesystem::remove(f);
    return message;
  }

  // The link in the one message sent since the last call, as its text part shows it.
  std::string take_link() { return atrium::testing::first_url(take_mail().text); }

  // The link's path and query on this server ("" when it points somewhere else).
  static std::string target_of(const std::string& link) {
    const std::string origin = kOrigin;
    if (link.rfind(origin + "/", 0) != 0) return {};
    return link.substr(origin.size());
  }

  HttpReply get_target(const std::string& target, HeaderList headers = {}) {
    return client_->get(target, std::move(headers));
  }

  // A profile, two questionnaire answers and two chats with two messages each, as the
  // learner API writes them.
  void add_learner_rows(const std::string& user_id) {
    auto conn = database_->acquire();
    conn->execute("INSERT INTO user_profiles (user_id, learning_goals) VALUES ($1, $2)",
                  {user_id, "robots"});
    for (const char* question : {"q_language", "q_years"}) {
      conn->execute(
          "INSERT INTO user_background_questionnaire (id, user_id, question_id, answer) "
          "VALUES ($1, $2, $3, $4)",
          {generate_uuid_v4(system_random()), user_id, question, R"("an answer")"});
    }
    for (int chat = 0; chat < 2; ++chat) {
      const std::string session_id = generate_uuid_v4(system_random());
      conn->execute("INSERT INTO chat_sessions (session_id, user_id) VALUES ($1, $2)",
                    {session_id, user_id});
      for (const char* role : {"user", "assistant"}) {
        conn->execute(
            "INSERT INTO chat_messages (message_id, session_id, role, content) "
            "VALUES ($1, $2, $3, $4)",
            {generate_uuid_v4(system_random()), session_id, role, "hello"});
      }
    }
  }

  // Rows of the user in every table that refers to it (the user row included).
  std::int64_t rows_of(const std::string& id) {
    const auto n = [&](const char* sql) { return count(sql, {id}); };
    return n(R"(SELECT count(*) FROM "user" WHERE "id" = $1)") +
           n(R"(SELECT count(*) FROM "session" WHERE "userId" = $1)") +
           n(R"(SELECT count(*) FROM "account" WHERE "userId" = $1)") +
           n("SELECT count(*) FROM user_profiles WHERE user_id = $1") +
           n("SELECT count(*) FROM user_background_questionnaire WHERE user_id = $1") +
           n("SELECT count(*) FROM chat_sessions WHERE user_id = $1") +
           n("SELECT count(*) FROM chat_messages m JOIN chat_sessions s ON "
             "s.session_id = m.session_id WHERE s.user_id = $1");
  }

  std::int64_t messages_total() { return count("SELECT count(*) FROM chat_messages"); }

  std::string mail_dir_;
};

// The value of a Set-Cookie line's Max-Age attribute, or "" when it has none.
inline std::string max_age_of(const std::string& set_cookie) {
  const auto at = set_cookie.find("Max-Age=");
  if (at == std::string::npos) return {};
  const auto end = set_cookie.find(';', at);
  return set_cookie.substr(at + 8, end == std::string::npos ? std::string::npos : end - at - 8);
}

}  // namespace atrium::auth::testing
