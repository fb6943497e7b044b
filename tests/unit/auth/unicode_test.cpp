#include "auth/unicode.hpp"

#include <gtest/gtest.h>

namespace atrium::auth {
namespace {

TEST(Unicode, Utf16LengthCountsAstralCharactersTwice) {
  EXPECT_EQ(utf16_length(""), 0u);
  EXPECT_EQ(utf16_length("password"), 8u);
  EXPECT_EQ(utf16_length("caf\xc3\xa9"), 4u);       // é is one unit
  EXPECT_EQ(utf16_length("\xf0\x9f\x98\x80"), 2u);  // U+1F600 is a surrogate pair
  EXPECT_EQ(utf16_length("\xe2\x82\xac"
                         "1234567"),
            8u);  // € is one unit
}

TEST(Unicode, IllFormedBytesCountAsReplacementCharacters) {
  EXPECT_EQ(utf16_length("\xff\xfe"), 2u);
  EXPECT_EQ(nfkc("a\xff"), "a\xef\xbf\xbd");
}

TEST(Unicode, NfkcComposesAndFoldsCompatibilityForms) {
  EXPECT_EQ(nfkc("cafe\xcc\x81"), "caf\xc3\xa9");  // e + combining acute -> é
  EXPECT_EQ(nfkc("\xef\xac\x81"), "fi");           // the ﬁ ligature
  EXPECT_EQ(nfkc("\xe2\x85\xab"), "XII");          // Roman numeral twelve
  EXPECT_EQ(nfkc(std::string("a\0b", 3)), std::string("a\0b", 3));
}

}  // namespace
}  // namespace atrium::auth
