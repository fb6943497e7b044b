// SQL injection strings, NUL bytes, very long and unusual Unicode strings in every text input
// of /api/auth and /api/… (names, e-mails, passwords, images, callback URLs, tokens, profile
// fields, questionnaire answers, chat messages and citations, path and query parameters): each
// answer is 2xx or a 4xx in Better Auth's {message, code} shape, never a 500, and afterwards
// every table is still there with exactly the rows the 2xx answers account for.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "http/cookie.hpp"
#include "integration/learn/learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

std::vector<std::string> hostile_strings() {
  return {
      R"('; DROP TABLE "user"; --)",
      R"(" OR 1=1 --)",
      R"(' OR '1'='1)",
      "x'); DELETE FROM account; --",
      "1; SELECT pg_sleep(0); --",
      std::string("nul\0byte", 8),
      std::string("\0", 1),
      std::string(100000, 'A'),
      std::string(5000, '\''),
      "\xC3\x85ngstr\xC3\xB6m \xE2\x80\xAE\xF0\x9F\x9A\x80 \xEF\xB7\xBD \xE2\x80\x8B",
      "e\xCC\x81\xE2\x84\xAA\xEF\xAC\x81",  // combining mark, Kelvin sign, ligature (NFKC)
      "\\\\\"\\'%00%27${jndi:ldap://x}{{7*7}}<script>",
      "",
  };
}

std::string describe(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 40)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
    }
  }
  return s.size() > 40 ? out + "…(" + std::to_string(s.size()) + " bytes)" : out;
}

class Injection : public LearnFixture {
 protected:
  std::vector<std::string> tables() {
    auto conn = database_->acquire();
    const auto rows =
        dialect() == db::Dialect::sqlite
            ? conn->query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            : conn->query(
                  "SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = 'public' ORDER BY table_name");
    std::vector<std::string> names;
    for (std::size_t i = 0; i < rows.size(); ++i) names.push_back(rows[i].text(0));
    return names;
  }

  std::map<std::string, std::int64_t> row_counts() {
    std::map<std::string, std::int64_t> counts;
    for (const auto& t : tables()) counts[t] = count("SELECT COUNT(*) FROM \"" + t + "\"");
    return counts;
  }

  // Checks the answer's shape; returns true for a 2xx.
  // `unrouted_ok`: the input is part of the path, which may then match no route at all (an
  // empty id leaves "/api/chat/sessions/"); that is the router's bodiless 404, as better-call's.
  bool check(const HttpReply& reply, const std::string& what, const std::string& input,
             bool unrouted_ok = false) {
    const std::string where = what + " with " + describe(input);
    EXPECT_NE(reply.status, 0) << where;
    EXPECT_LT(reply.status, 500) << where << ": " << reply.body.substr(0, 300);
    if (unrouted_ok && reply.status == 404 && reply.body.empty()) {
      ++answers_;
      return false;
    }
    if (reply.status >= 400) {
      boost::system::error_code ec;
      const auto v = boost::json::parse(reply.body, ec);
      EXPECT_FALSE(ec) << where << ": " << reply.body.substr(0, 300);
      if (!ec) {
        EXPECT_TRUE(v.is_object() && v.as_object().contains("message") &&
                    v.at("message").is_string())
            << where << ": " << reply.body.substr(0, 300);
        EXPECT_TRUE(v.is_object() && v.as_object().contains("code") && v.at("code").is_string())
            << where << ": " << reply.body.substr(0, 300);
      }
    }
    ++answers_;
    return reply.status >= 200 && reply.status < 300;
  }

  HttpReply auth_post(const std::string& path, const boost::json::object& body,
                      HeaderList headers = {}) {
    return send("POST", "/api/auth" + path, http::stringify(body), std::move(headers));
  }

  int answers_ = 0;
};

TEST_F(Injection, EveryTextInputAnswersCleanlyAndNoTableIsHarmed) {
  const auto owner = sign_up("injection-owner@example.com");
  const auto before_tables = tables();
  ASSERT_GE(before_tables.size(), 9u);
  const auto before = row_counts();

  HeaderList as_owner = owner.bearer();
  as_owner.emplace_back("Origin", kAppOrigin);

  const auto created = send("POST", "/api/chat/sessions", "{}", owner.bearer());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string session_id = std::string(parse(created.body).at("session_id").as_string());
  int sessions_created = 1;

  std::vector<std::string> question_ids;
  {
    const auto q = get("/api/questionnaire");
    ASSERT_EQ(q.status, 200);
    const auto catalog = parse(q.body);
    for (const auto& question : catalog.at("questions").as_array()) {
      question_ids.emplace_back(question.at("id").as_string());
    }
    ASSERT_FALSE(question_ids.empty());
  }

  int users_created = 0;
  int messages_created = 0;
  int n = 0;
  for (const auto& s : hostile_strings()) {
    ++n;
    const std::string unique_email = "inj-" + std::to_string(n) + "@example.com";
    // Sign-up: each field hostile in turn, the others valid.
    const std::vector<boost::json::object> sign_ups = {
        {{"name", s}, {"email", "n" + unique_email}, {"password", "correct horse battery"}},
        {{"name", "N"}, {"email", s}, {"password", "correct horse battery"}},
        {{"name", "N"}, {"email", s + "@example.com"}, {"password", "correct horse battery"}},
        {{"name", "N"}, {"email", "p" + unique_email}, {"password", s}},
        {{"name", "N"},
         {"email", "i" + unique_email},
         {"password", "correct horse battery"},
         {"image", s}},
        {{"name", "N"},
         {"email", "c" + unique_email},
         {"password", "correct horse battery"},
         {"callbackURL", s}},
    };
    for (const auto& body : sign_ups) {
      if (check(auth_post("/sign-up/email", body), "sign-up", s)) ++users_created;
    }
    check(auth_post("/sign-in/email", {{"email", s}, {"password", "correct horse battery"}}),
          "sign-in email", s);
    check(auth_post("/sign-in/email", {{"email", owner.email}, {"password", s}}),
          "sign-in password", s);
    check(auth_post("/sign-in/email",
                    {{"email", owner.email}, {"password", "x"}, {"callbackURL", s}}),
          "sign-in callbackURL", s);
    check(auth_post("/update-user", {{"name", s}}, as_owner), "update-user name", s);
    check(auth_post("/update-user", {{"image", s}}, as_owner), "update-user image", s);
    check(auth_post("/change-password", {{"currentPassword", s}, {"newPassword", s}}, as_owner),
          "change-password", s);
    check(auth_post("/verify-password", {{"password", s}}, as_owner), "verify-password", s);
    check(auth_post("/revoke-session", {{"token", s}}, as_owner), "revoke-session", s);
    check(auth_post("/sign-out", {},
                    {{"Cookie", "better-auth.session_token=" + http::encode_uri_component(s)},
                     {"Origin", kAppOrigin}}),
          "sign-out cookie", s);
    check(get("/api/auth/get-session",
              {{"Cookie", "better-auth.session_token=" + http::encode_uri_component(s)}}),
          "get-session cookie", s);
    check(get("/api/profile", {{"Authorization", "Bearer " + http::encode_uri_component(s)}}),
          "bearer token", s);

    // The learner API.
    const std::vector<boost::json::object> patches = {
        {{"learning_goals", s}},
        {{"robotics_projects_description", s}},
        {{"experience_level", s}},
        {{"learning_style", s}},
        {{"software_background", {{"languages", boost::json::array{s}}, {"notes", s}}}},
        {{"hardware_background", {{"platforms", boost::json::array{s}}, {"notes", s}}}},
        {{"preferences", {{s.substr(0, 200), s.substr(0, 4000)}}}},
        {{s.substr(0, 200), s}},
    };
    for (const auto& patch : patches) {
      check(send("PATCH", "/api/profile", http::stringify(patch), owner.bearer()), "profile patch",
            s);
    }
    for (const auto& id : question_ids) {
      boost::json::object answers;
      answers[id] = s;
      check(send_json("POST", "/api/profile/questionnaire", {{"answers", answers}}, owner.bearer()),
            "questionnaire answer " + id, s);
      answers[id] = boost::json::array{s};
      check(send_json("POST", "/api/profile/questionnaire", {{"answers", answers}}, owner.bearer()),
            "questionnaire list answer " + id, s);
    }
    {
      boost::json::object answers;
      answers[s.substr(0, 200)] = s;
      check(send_json("POST", "/api/profile/questionnaire",
                      {{"answers", answers}, {"catalog_version", s}}, owner.bearer()),
            "questionnaire id and version", s);
    }
    const std::string messages = "/api/chat/sessions/" + session_id + "/messages";
    if (check(send_json("POST", messages, {{"role", "user"}, {"content", s}}, owner.bearer()),
              "message content", s)) {
      ++messages_created;
    }
    check(send_json("POST", messages, {{"role", s}, {"content", "hi"}}, owner.bearer()),
          "message role", s);
    if (check(send_json("POST", messages,
                        {{"role", "assistant"},
                         {"content", "cited"},
                         {"citations",
                          boost::json::array{boost::json::object{{"source", s.substr(0, 500)},
                                                                 {"title", s.substr(0, 500)},
                                                                 {"url", s.substr(0, 2048)},
                                                                 {"chunk_id", s.substr(0, 200)}}}}},
                        owner.bearer()),
              "message citation", s)) {
      ++messages_created;
    }
    const std::string encoded = http::encode_uri_component(s.substr(0, 2000));
    check(get("/api/chat/sessions/" + encoded, owner.bearer()), "session id in path", s, true);
    check(get("/api/chat/sessions/" + encoded + "/messages", owner.bearer()),
          "session id in messages path", s, true);
    check(send("DELETE", "/api/chat/sessions/" + encoded, "", owner.bearer()),
          "session id in delete path", s, true);
    check(get(messages + "?cursor=" + encoded + "&limit=" + encoded, owner.bearer()),
          "message cursor", s);
    check(get("/api/chat/sessions?cursor=" + encoded, owner.bearer()), "session cursor", s);
    check(get("/api/admin/metrics?since=" + encoded, owner.bearer()), "metrics since", s);
  }
  ASSERT_GT(answers_, 500);

  // Every table is still there, with the rows the 2xx answers account for.
  EXPECT_EQ(tables(), before_tables);
  const auto after = row_counts();
  EXPECT_EQ(after.at("user"), before.at("user") + users_created);
  EXPECT_EQ(after.at("account"), before.at("account") + users_created);
  EXPECT_EQ(after.at("user_profiles"), before.at("user_profiles") + users_created);
  EXPECT_EQ(after.at("chat_sessions"), before.at("chat_sessions") + sessions_created);
  EXPECT_EQ(after.at("chat_messages"), before.at("chat_messages") + messages_created);
  // The owner's session survived every hostile revoke and sign-out.
  EXPECT_EQ(get("/api/profile", owner.bearer()).status, 200);
  EXPECT_GT(users_created, 0);
  EXPECT_GT(messages_created, 0);
}

}  // namespace
}  // namespace atrium::learn::testing
