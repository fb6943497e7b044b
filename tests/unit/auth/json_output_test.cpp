#include "auth/json_output.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/time_format.hpp"
#include "http/json.hpp"

namespace atrium::auth {
namespace {

TEST(JsonOutput, StringsAreEscapedAsJsonStringifyDoes) {
  for (const std::string& s :
       {std::string("plain"), std::string("q\"uote\\back"), std::string("ctl\x01\x1f\n\r\t\b\f"),
        std::string("caf\xc3\xa9 \xe2\x9c\x93"), std::string("a\0b", 3),
        std::string("</script>")}) {
    std::string mine;
    append_json_string(mine, s);
    EXPECT_EQ(mine, http::stringify(boost::json::value(s))) << s;
  }
}

TEST(JsonOutput, DatesAreDateToJson) {
  for (const char* text : {"2026-11-26T16:03:53.123Z", "1970-01-01T00:00:00.000Z",
                           "2000-02-29T23:59:59.999Z", "2199-12-31T00:00:00.001Z"}) {
    std::string out;
    append_iso8601(out, *parse_iso8601(text));
    EXPECT_EQ(out, text);
    EXPECT_EQ(out, format_iso8601(*parse_iso8601(text)));
  }
}

TEST(JsonOutput, UserAndSessionInBetterAuthsKeyOrder) {
  const auto t = *parse_iso8601("2026-11-26T16:15:43.957Z");
  User u{"uid", "Al \"x\"", "al@example.com", true, std::nullopt, t, t};
  EXPECT_EQ(user_json(u),
            R"({"name":"Al \"x\"","email":"al@example.com","emailVerified":true,"image":null,)"
            R"("createdAt":"2026-11-26T16:15:43.957Z","updatedAt":"2026-11-26T16:15:43.957Z",)"
            R"("id":"uid"})");
  Session s{"sid", "tok", "uid", t, t, t, "", std::nullopt};
  EXPECT_EQ(session_json(s),
            R"({"expiresAt":"2026-11-26T16:15:43.957Z","token":"tok",)"
            R"("createdAt":"2026-11-26T16:15:43.957Z","updatedAt":"2026-11-26T16:15:43.957Z",)"
            R"("ipAddress":"","userAgent":null,"userId":"uid","id":"sid"})");
}

}  // namespace
}  // namespace atrium::auth
