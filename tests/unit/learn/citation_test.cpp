#include "learn/citation.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "expect_error.hpp"
#include "http/json.hpp"

namespace atrium::learn {
namespace {

std::string blamed(const std::string& json) {
  const auto v = boost::json::parse(json);
  return testing::error_message([&] { validate_citations(&v); });
}

TEST(Citation, NoneIsNone) {
  EXPECT_FALSE(validate_citations(nullptr));
  const boost::json::value null;
  EXPECT_FALSE(validate_citations(&null));
}

TEST(Citation, KeepsDocumentedKeysInOrder) {
  const auto v = boost::json::parse(
      R"([{"score":0.5,"url":"https://x.example/a","source":"book/ch1.md","chunk_id":"c7","title":"Intro"},
          {"source":"notes.md"}])");
  const auto out = validate_citations(&v);
  ASSERT_TRUE(out);
  EXPECT_EQ(
      http::stringify(*out),
      R"([{"source":"book/ch1.md","title":"Intro","url":"https://x.example/a","chunk_id":"c7","score":0.5},{"source":"notes.md"}])");
  const boost::json::value empty = boost::json::array{};
  EXPECT_EQ(validate_citations(&empty)->size(), 0u);
}

TEST(Citation, BlamesTheBadField) {
  EXPECT_EQ(blamed(R"({"source":"x"})").rfind("[body.citations]", 0), 0u);
  EXPECT_EQ(blamed(R"(["x"])").rfind("[body.citations.0]", 0), 0u);
  EXPECT_EQ(blamed(R"([{"title":"no source"}])").rfind("[body.citations.0.source] Required", 0),
            0u);
  EXPECT_EQ(blamed(R"([{"source":"  "}])").rfind("[body.citations.0.source]", 0), 0u);
  EXPECT_EQ(blamed(R"([{"source":"a"},{"source":5}])").rfind("[body.citations.1.source]", 0), 0u);
  EXPECT_EQ(blamed(R"j([{"source":"a","url":"javascript:alert(1)"}])j")
                .rfind("[body.citations.0.url]", 0),
            0u);
  EXPECT_EQ(blamed(R"([{"source":"a","score":"high"}])").rfind("[body.citations.0.score]", 0), 0u);
  EXPECT_EQ(blamed(R"([{"source":"a","page":3}])").rfind("[body.citations.0.page] Unknown", 0), 0u);
  EXPECT_EQ(blamed(R"([{"source":"a","chunk_id":")" + std::string(201, 'c') + R"("}])")
                .rfind("[body.citations.0.chunk_id] Too long", 0),
            0u);
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxCitations; ++i)
    many += std::string(i ? "," : "") + R"({"source":"s"})";
  many += "]";
  EXPECT_EQ(blamed(many).rfind("[body.citations] Too many", 0), 0u);
}

}  // namespace
}  // namespace atrium::learn
