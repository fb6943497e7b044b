#include "http/json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace atrium::http {
namespace {

TEST(ParseJsonBody, ParsesObjects) {
  boost::json::value v = parse_json_body(R"({"email":"a@b.c","rememberMe":false})");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.at("email").as_string(), "a@b.c");
}

TEST(ParseJsonBody, MalformedInputIsBetterAuthsBadRequest) {
  for (const char* bad : {"", "{", "{\"a\":1,}", "{'a':1}", "nul", "{\"a\":1} x", "// c\n{}"}) {
    try {
      parse_json_body(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::bad_request) << bad;
      EXPECT_EQ(e.code(), "BAD_REQUEST");
      EXPECT_STREQ(e.what(), "Invalid JSON in request body");
    }
  }
}

TEST(Stringify, CompactInInsertionOrder) {
  boost::json::object o;
  o["z"] = 1;
  o["a"] = boost::json::array{true, nullptr, "x"};
  o["m"] = boost::json::object{{"k", -5}};
  EXPECT_EQ(stringify(o), R"({"z":1,"a":[true,null,"x"],"m":{"k":-5}})");
  EXPECT_EQ(stringify(boost::json::object{}), "{}");
  EXPECT_EQ(stringify(boost::json::array{}), "[]");
}

TEST(Stringify, EscapesStringsAsJavaScriptDoes) {
  boost::json::value v = "a\"b\\c\n\t\x01\x1f\x7f\xC3\xA9/</script>";
  EXPECT_EQ(stringify(v), "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f\x7f\xC3\xA9/</script>\"");
  EXPECT_EQ(stringify(boost::json::value("\b\f\r")), R"("\b\f\r")");
}

TEST(Stringify, NumbersAsJavaScriptWritesThem) {
  // Expected values are node's JSON.stringify output for the same doubles.
  boost::json::array numbers{1.5,
                             1e21,
                             1e-7,
                             0.000001,
                             123456789012345680000.0,
                             -0.0,
                             std::nan(""),
                             std::numeric_limits<double>::infinity(),
                             0.1 + 0.2,
                             5e-324,
                             1.7976931348623157e308,
                             -1234.5678,
                             100.0,
                             1e20};
  EXPECT_EQ(stringify(numbers),
            "[1.5,1e+21,1e-7,0.000001,123456789012345680000,0,null,null,0.30000000000000004,"
            "5e-324,1.7976931348623157e+308,-1234.5678,100,100000000000000000000]");
  boost::json::array integers{std::int64_t{-9223372036854775807 - 1},
                              std::uint64_t{18446744073709551615u}, 0};
  EXPECT_EQ(stringify(integers), "[-9223372036854775808,18446744073709551615,0]");
}

TEST(Stringify, RoundTripsThroughParse) {
  const char* text = R"({"user":{"id":"u1","emailVerified":false,"image":null,"n":[1,2.25,-3]}})";
  EXPECT_EQ(stringify(boost::json::parse(text)), text);
}

TEST(JsonResponse, SetsStatusTypeAndBody) {
  Response r = json(201, boost::json::object{{"status", "ok"}});
  EXPECT_EQ(r.status, 201);
  ASSERT_NE(r.find_header("content-type"), nullptr);
  EXPECT_EQ(*r.find_header("content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(json(boost::json::array{1}).status, 200);
}

TEST(FieldReaders, DistinguishAbsentNullAndPresent) {
  boost::json::object o = boost::json::parse(R"({"s":"x","n":null,"b":true,"i":7})").as_object();
  EXPECT_EQ(field_state(o, "s"), FieldState::present);
  EXPECT_EQ(field_state(o, "n"), FieldState::null);
  EXPECT_EQ(field_state(o, "missing"), FieldState::absent);
  EXPECT_EQ(get_string(o, "s"), "x");
  EXPECT_EQ(get_string(o, "n"), std::nullopt);
  EXPECT_EQ(get_string(o, "missing"), std::nullopt);
  EXPECT_EQ(get_bool(o, "b"), true);
  EXPECT_EQ(get_int(o, "i"), 7);
}

TEST(FieldReaders, MistypedValuesAreValidationErrors) {
  boost::json::object o = boost::json::parse(R"({"s":1,"b":"yes","i":"7"})").as_object();
  try {
    get_string(o, "s");
    ADD_FAILURE() << "accepted a number as a string";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::bad_request);
    EXPECT_EQ(e.code(), "VALIDATION_ERROR");
    EXPECT_STREQ(e.what(), "[body.s] Invalid input: expected string, received number");
  }
  EXPECT_THROW(get_bool(o, "b"), Error);
  EXPECT_THROW(get_int(o, "i"), Error);
}

TEST(FieldReaders, IntegersAcceptIntegralNumbersOnly) {
  boost::json::object o =
      boost::json::parse(
          R"({"a":2.0,"b":2.5,"c":1e300,"d":-9223372036854775808,"e":18446744073709551615})")
          .as_object();
  EXPECT_EQ(get_int(o, "a"), 2);
  EXPECT_EQ(get_int(o, "d"), std::numeric_limits<std::int64_t>::min());
  EXPECT_THROW(get_int(o, "b"), Error);
  EXPECT_THROW(get_int(o, "c"), Error);
  EXPECT_THROW(get_int(o, "e"), Error);
}

}  // namespace
}  // namespace atrium::http
