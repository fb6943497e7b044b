// Chat sessions and messages: ownership, anonymous sessions, claiming, keyset pagination.

#include <set>

#include "learn_fixture.hpp"

namespace atrium::learn::testing {
namespace {

class Chat : public LearnFixture {
 protected:
  std::string create_session(const HeaderList& who = {}) {
    const auto reply = send("POST", "/api/chat/sessions", "", who);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return std::string(parse(reply.body).at("session_id").as_string());
  }
  HttpReply post_message(const std::string& session, const boost::json::value& body,
                         const HeaderList& who = {}) {
    return send_json("POST", "/api/chat/sessions/" + session + "/messages", body, who);
  }
  static boost::json::value user_message(const std::string& text) {
    return boost::json::object{{"role", "user"}, {"content", text}};
  }
};

TEST_F(Chat, SessionsAreOwnedOrAnonymous) {
  const auto u = sign_up("owner@example.com");
  const auto owned = send("POST", "/api/chat/sessions", "{}", u.bearer());
  ASSERT_EQ(owned.status, 201) << owned.body;
  const auto o = parse(owned.body);
  EXPECT_EQ(o.at("user_id").as_string(), u.id);
  EXPECT_EQ(o.at("message_count").as_int64(), 0);
  EXPECT_EQ(o.at("created_at"), o.at("updated_at"));

  const auto anonymous = send("POST", "/api/chat/sessions", "", {});
  ASSERT_EQ(anonymous.status, 201) << anonymous.body;
  const auto a = parse(anonymous.body);
  EXPECT_TRUE(a.at("user_id").is_null());
  EXPECT_EQ(a.at("session_id").as_string().size(), 36u);

  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_sessions WHERE user_id = $1", {u.id}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_sessions WHERE user_id IS NULL"), 1);

  const auto bad = send("POST", "/api/chat/sessions", R"({"title":"x"})", u.bearer());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(message_of(bad).rfind("[body.title]", 0), 0u) << bad.body;
}

TEST_F(Chat, ListingNeedsASignedInUserAndPagesNewestFirst) {
  EXPECT_EQ(get("/api/chat/sessions").status, 401);
  const auto u = sign_up("lister@example.com");
  const auto other = sign_up("other@example.com");
  create_session(other.bearer());
  create_session();  // anonymous: never listed
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) created.push_back(create_session(u.bearer()));

  std::vector<std::string> seen;
  std::vector<std::string> created_at;
  std::string target = "/api/chat/sessions?limit=2";
  int pages = 0;
  for (;;) {
    const auto reply = get(target, u.bearer());
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto page = parse(reply.body);
    ++pages;
    for (const auto& s : page.at("sessions").as_array()) {
      seen.emplace_back(s.at("session_id").as_string());
      created_at.emplace_back(s.at("created_at").as_string());
      EXPECT_EQ(s.at("user_id").as_string(), u.id);
    }
    if (page.at("next_cursor").is_null()) break;
    target = "/api/chat/sessions?limit=2&cursor=" + std::string(page.at("next_cursor").as_string());
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()),
            std::set<std::string>(created.begin(), created.end()));
  EXPECT_TRUE(std::is_sorted(created_at.rbegin(), created_at.rend()));  // newest first

  const auto all = parse(get("/api/chat/sessions", u.bearer()).body);
  EXPECT_EQ(all.at("sessions").as_array().size(), 5u);
  EXPECT_TRUE(all.at("next_cursor").is_null());

  for (const char* bad : {"?limit=0", "?limit=101", "?limit=x", "?cursor=nope", "?cursor="}) {
    const auto reply = get(std::string("/api/chat/sessions") + bad, u.bearer());
    EXPECT_EQ(reply.status, 400) << bad;
    EXPECT_EQ(code_of(reply), "VALIDATION_ERROR") << bad;
  }
}

TEST_F(Chat, AnotherUsersSessionIsNotFound) {
  const auto alice = sign_up("alice@example.com");
  const auto bob = sign_up("bob@example.com");
  const auto s = create_session(alice.bearer());
  ASSERT_EQ(post_message(s, user_message("hi"), alice.bearer()).status, 201);

  for (const HeaderList& who : {bob.bearer(), HeaderList{}}) {
    const auto reply = get("/api/chat/sessions/" + s, who);
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(code_of(reply), "CHAT_SESSION_NOT_FOUND");
    EXPECT_EQ(get("/api/chat/sessions/" + s + "/messages", who).status, 404);
    EXPECT_EQ(post_message(s, user_message("sneaky"), who).status, 404);
    EXPECT_EQ(send("DELETE", "/api/chat/sessions/" + s, "", who).status, 404);
  }
  EXPECT_EQ(send("POST", "/api/chat/sessions/" + s + "/claim", "", bob.bearer()).status, 404);
  // Nothing changed.
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages"), 1);
  const auto mine = get("/api/chat/sessions/" + s, alice.bearer());
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(parse(mine.body).at("user_id").as_string(), alice.id);
  EXPECT_EQ(parse(mine.body).at("message_count").as_int64(), 1);
}

TEST_F(Chat, UnknownAndMalformedIdsAreNotFound) {
  const auto u = sign_up("ids@example.com");
  for (const std::string id : {"00000000-0000-4000-8000-000000000000", "not-a-uuid", "1",
                               "00000000-0000-4000-8000-00000000000g"}) {
    EXPECT_EQ(get("/api/chat/sessions/" + id, u.bearer()).status, 404) << id;
    EXPECT_EQ(post_message(id, user_message("x"), u.bearer()).status, 404) << id;
    EXPECT_EQ(get("/api/chat/sessions/" + id + "/messages", u.bearer()).status, 404) << id;
  }
  // Ids are case-insensitive, as UUIDs are.
  const auto s = create_session(u.bearer());
  std::string upper = s;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(get("/api/chat/sessions/" + upper, u.bearer()).status, 200);
}

TEST_F(Chat, AnonymousSessionsAreReachableByIdAndClaimedOnce) {
  const auto s = create_session();
  ASSERT_EQ(post_message(s, user_message("visitor question")).status, 201);
  const auto u = sign_up("claimer@example.com");
  const auto other = sign_up("late@example.com");
  // Anyone with the id may use an anonymous session, signed in or not.
  EXPECT_EQ(get("/api/chat/sessions/" + s).status, 200);
  EXPECT_EQ(get("/api/chat/sessions/" + s, other.bearer()).status, 200);
  EXPECT_EQ(send("POST", "/api/chat/sessions/" + s + "/claim", "").status, 401);

  const auto claimed = send("POST", "/api/chat/sessions/" + s + "/claim", "", u.bearer());
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(parse(claimed.body).at("user_id").as_string(), u.id);
  EXPECT_EQ(parse(claimed.body).at("message_count").as_int64(), 1);

  const auto again = send("POST", "/api/chat/sessions/" + s + "/claim", "", u.bearer());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "CHAT_SESSION_ALREADY_OWNED");
  EXPECT_EQ(send("POST", "/api/chat/sessions/" + s + "/claim", "", other.bearer()).status, 404);
  // Now it is u's: the visitor and the other user lose access, and u lists it.
  EXPECT_EQ(get("/api/chat/sessions/" + s).status, 404);
  EXPECT_EQ(get("/api/chat/sessions/" + s, other.bearer()).status, 404);
  const auto listed = parse(get("/api/chat/sessions", u.bearer()).body);
  ASSERT_EQ(listed.at("sessions").as_array().size(), 1u);
  EXPECT_EQ(listed.at("sessions").as_array()[0].at("session_id").as_string(), s);
}

TEST_F(Chat, MessagesAppendInOrderAndPage) {
  const auto u = sign_up("talker@example.com");
  const auto s = create_session(u.bearer());
  const auto before = parse(get("/api/chat/sessions/" + s, u.bearer()).body);
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    boost::json::object body{{"role", i % 2 ? "assistant" : "user"},
                             {"content", "message " + std::to_string(i)}};
    if (i % 2) {
      body["citations"] =
          parse(R"([{"source":"ros2/ch1.md","title":"Nodes","url":"https://docs.example/ros2",
          "chunk_id":"c-1","score":0.91},{"source":"ros2/ch2.md"}])");
    }
    const auto reply = post_message(s, body, u.bearer());
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto m = parse(reply.body);
    EXPECT_EQ(m.at("session_id").as_string(), s);
    EXPECT_EQ(m.at("content").as_string(), "message " + std::to_string(i));
    ids.emplace_back(m.at("message_id").as_string());
  }
  const auto after = parse(get("/api/chat/sessions/" + s, u.bearer()).body);
  EXPECT_EQ(after.at("message_count").as_int64(), 7);
  EXPECT_GT(after.at("updated_at").as_string(), before.at("updated_at").as_string());

  std::vector<std::string> seen;
  std::string target = "/api/chat/sessions/" + s + "/messages?limit=3";
  for (int pages = 0; pages < 10; ++pages) {
    const auto reply = get(target, u.bearer());
    ASSERT_EQ(reply.status, 200) << reply.body;
    const auto page = parse(reply.body);
    for (const auto& m : page.at("messages").as_array()) {
      seen.emplace_back(m.at("message_id").as_string());
      const bool assistant = m.at("role").as_string() == "assistant";
      EXPECT_EQ(m.at("citations").is_array(), assistant);
      if (assistant) {
        EXPECT_EQ(m.at("citations").as_array()[0].at("score").to_number<double>(), 0.91);
        EXPECT_EQ(m.at("citations").as_array()[1], parse(R"({"source":"ros2/ch2.md"})"));
      }
    }
    if (page.at("next_cursor").is_null()) break;
    target = "/api/chat/sessions/" + s +
             "/messages?limit=3&cursor=" + std::string(page.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, ids);  // exactly the appended order, no gaps or repeats across pages

  // A new message after the last page shows up after the last cursor too.
  const auto all = parse(get("/api/chat/sessions/" + s + "/messages?limit=7", u.bearer()).body);
  EXPECT_TRUE(all.at("next_cursor").is_null());
  EXPECT_EQ(all.at("messages").as_array().size(), 7u);
}

TEST_F(Chat, BadMessagesAreRefusedAndNothingIsStored) {
  const auto u = sign_up("badmsg@example.com");
  const auto s = create_session(u.bearer());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"content":"hi"})", "[body.role] Required"},
      {R"({"role":"robot","content":"hi"})", "[body.role]"},
      {R"({"role":7,"content":"hi"})", "[body.role]"},
      {R"({"role":"user"})", "[body.content] Required"},
      {R"({"role":"user","content":"   "})", "[body.content]"},
      {R"({"role":"user","content":["hi"]})", "[body.content]"},
      {R"({"role":"user","content":")" + std::string(32001, 'x') + "\"}",
       "[body.content] Too long"},
      {R"({"role":"user","content":"hi","citations":{}})", "[body.citations]"},
      {R"({"role":"user","content":"hi","citations":[{"title":"t"}]})",
       "[body.citations.0.source] Required"},
      {R"({"role":"user","content":"hi","citations":[{"source":"s","score":"high"}]})",
       "[body.citations.0.score]"},
      {R"({"role":"user","content":"hi","citations":[{"source":"s","url":"ftp://x"}]})",
       "[body.citations.0.url]"},
      {R"({"role":"user","content":"hi","citations":[{"source":"s","page":2}]})",
       "[body.citations.0.page]"},
      {R"({"role":"user","content":"hi","session_id":"x"})", "[body.session_id]"},
      {R"("hi")", "[body]"},
  };
  for (const auto& [body, blamed] : cases) {
    const auto reply = send("POST", "/api/chat/sessions/" + s + "/messages", body, u.bearer());
    EXPECT_EQ(reply.status, 400) << body.substr(0, 80);
    EXPECT_EQ(code_of(reply), "VALIDATION_ERROR") << body.substr(0, 80);
    EXPECT_EQ(message_of(reply).rfind(blamed, 0), 0u) << body.substr(0, 80) << " -> " << reply.body;
  }
  EXPECT_EQ(send("POST", "/api/chat/sessions/" + s + "/messages", "{oops", u.bearer()).status, 400);
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages"), 0);
  // The bound is in characters: 32000 of them in three bytes each are fine.
  std::string wide;
  for (int i = 0; i < 32000; ++i) wide += "\xe2\x82\xac";
  EXPECT_EQ(
      post_message(s, boost::json::object{{"role", "assistant"}, {"content", wide}}, u.bearer())
          .status,
      201);
}

TEST_F(Chat, DeletingASessionDeletesItsMessages) {
  const auto u = sign_up("deleter@example.com");
  const auto s = create_session(u.bearer());
  const auto keep = create_session(u.bearer());
  ASSERT_EQ(post_message(s, user_message("one"), u.bearer()).status, 201);
  ASSERT_EQ(post_message(s, user_message("two"), u.bearer()).status, 201);
  ASSERT_EQ(post_message(keep, user_message("kept"), u.bearer()).status, 201);
  const auto reply = send("DELETE", "/api/chat/sessions/" + s, "", u.bearer());
  EXPECT_EQ(reply.status, 204);
  EXPECT_TRUE(reply.body.empty());
  EXPECT_EQ(get("/api/chat/sessions/" + s, u.bearer()).status, 404);
  EXPECT_EQ(send("DELETE", "/api/chat/sessions/" + s, "", u.bearer()).status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages"), 1);
  // Anonymous sessions can be deleted by whoever holds the id.
  const auto anon = create_session();
  EXPECT_EQ(send("DELETE", "/api/chat/sessions/" + anon, "").status, 204);
}

TEST_F(Chat, DeletingTheUserDeletesTheirChats) {
  const auto u = sign_up("leaver@example.com");
  const auto s = create_session(u.bearer());
  ASSERT_EQ(post_message(s, user_message("bye"), u.bearer()).status, 201);
  {
    auto conn = database_->acquire();
    conn->execute("DELETE FROM \"user\" WHERE id = $1", {u.id});
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_sessions"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages"), 0);
}

}  // namespace
}  // namespace atrium::learn::testing
