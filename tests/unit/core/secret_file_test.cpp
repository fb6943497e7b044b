#include "core/secret_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/config.hpp"

namespace atrium {
namespace {

namespace fs = std::filesystem;

class SecretFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("atrium-secret-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SecretFile, CreatesOnceWithMode0600AndReusesIt) {
  const auto path = (dir_ / "atrium.secret").string();
  const auto first = load_or_create_secret(path);
  EXPECT_EQ(first.size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(load_or_create_secret(path), first);
}

TEST_F(SecretFile, RefusesATooShortSecret) {
  const auto path = (dir_ / "atrium.secret").string();
  std::ofstream(path) << "short\n";
  EXPECT_THROW(load_or_create_secret(path), ConfigError);
}

TEST_F(SecretFile, UnwritableDirectoryIsAConfigError) {
  EXPECT_THROW(load_or_create_secret((dir_ / "missing" / "atrium.secret").string()), ConfigError);
}

}  // namespace
}  // namespace atrium
