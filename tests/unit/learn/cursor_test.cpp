#include "learn/cursor.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "core/time_format.hpp"
#include "expect_error.hpp"
#include "learn/ids.hpp"

namespace atrium::learn {
namespace {

TEST(Cursor, RoundTrips) {
  const Cursor c{*parse_iso8601("2026-11-26T16:03:53.123Z"),
                 "0b7e3c1a-1f2d-4c5e-8a9b-0c1d2e3f4a5b"};
  const auto text = encode_cursor(c);
  EXPECT_EQ(
      text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos)
      << text;
  const auto back = decode_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->at, c.at);
  EXPECT_EQ(back->id, c.id);
}

std::string b64(std::string_view raw) {
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

TEST(Cursor, RefusesWhatItDidNotMake) {
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("not base64 at all!"));
  EXPECT_FALSE(decode_cursor(b64("2026-11-26T16:03:53.123Z")));
  EXPECT_FALSE(decode_cursor(b64("yesterday|0b7e3c1a-1f2d-4c5e-8a9b-0c1d2e3f4a5b")));
  EXPECT_FALSE(decode_cursor(b64("2026-11-26T16:03:53.123Z|not-a-uuid")));
  EXPECT_FALSE(
      decode_cursor(b64("2026-11-26T16:03:53.123Z|0b7e3c1a-1f2d-4c5e-8a9b-0c1d2e3f4a5b'--")));
  EXPECT_FALSE(decode_cursor(std::string(200, 'A')));
  EXPECT_TRUE(decode_cursor(b64("2026-11-26T16:03:53.123Z|0B7E3C1A-1F2D-4C5E-8A9B-0C1D2E3F4A5B")));
}

TEST(Cursor, PageLimit) {
  EXPECT_EQ(parse_page_limit(std::nullopt), 20u);
  EXPECT_EQ(parse_page_limit("1"), 1u);
  EXPECT_EQ(parse_page_limit("100"), 100u);
  for (const char* bad : {"0", "101", "-1", "ten", "5x", "", "1.5"}) {
    const auto message = testing::error_message([&] { parse_page_limit(std::string(bad)); });
    EXPECT_EQ(message.rfind("[query.limit]", 0), 0u) << bad << ": " << message;
  }
}

TEST(Ids, CanonicalUuid) {
  EXPECT_EQ(canonical_uuid("0B7E3C1A-1F2D-4C5E-8A9B-0C1D2E3F4A5B"),
            "0b7e3c1a-1f2d-4c5e-8a9b-0c1d2e3f4a5b");
  EXPECT_FALSE(canonical_uuid("0b7e3c1a1f2d4c5e8a9b0c1d2e3f4a5b"));
  EXPECT_FALSE(canonical_uuid("0b7e3c1a-1f2d-4c5e-8a9b-0c1d2e3f4a5g"));
  EXPECT_FALSE(canonical_uuid("0b7e3c1a-1f2d-4c5e-8a9b_0c1d2e3f4a5b"));
  EXPECT_FALSE(canonical_uuid(""));
}

}  // namespace
}  // namespace atrium::learn
