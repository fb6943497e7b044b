#include "core/shared_library.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace atrium {
namespace {

TEST(SharedLibrary, ResolvesAFunctionThatCanBeCalled) {
  const SharedLibrary libc("libc.so.6");
  decltype(&std::strlen) length = nullptr;
  libc.resolve(length, "strlen");
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length("atrium"), 6u);
}

TEST(SharedLibrary, AMissingLibraryIsAnErrorWithTheLoadersReason) {
  try {
    SharedLibrary missing("libatrium-does-not-exist.so.1");
    FAIL() << "a library that does not exist was opened";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("libatrium-does-not-exist.so.1"), std::string::npos)
        << e.what();
  }
}

TEST(SharedLibrary, AMissingFunctionIsAnErrorThatNamesIt) {
  const SharedLibrary libc("libc.so.6");
  decltype(&std::strlen) slot = nullptr;
  try {
    libc.resolve(slot, "atrium_no_such_function");
    FAIL() << "a function that does not exist was resolved";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "libc.so.6 has no atrium_no_such_function");
  }
  EXPECT_EQ(slot, nullptr);
}

}  // namespace
}  // namespace atrium
