// libcurl is dlopen()ed, not linked (mail/libcurl.hpp): the table resolves against the system's
// libcurl.so.4, and an SMTP mailer refuses to start where that library cannot be used.

#include "mail/libcurl.hpp"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "mail/mailer.hpp"

extern char** environ;

namespace atrium::mail {
namespace {

constexpr const char* kChildFlag = "ATRIUM_LIBCURL_TEST_CHILD";

TEST(LibCurl, ResolvesTheSystemLibrary) {
  const LibCurl& api = libcurl();
  ASSERT_NE(api.curl_easy_strerror, nullptr);
  EXPECT_STREQ(api.curl_easy_strerror(CURLE_OK), "No error");
  CURL* c = api.curl_easy_init();
  ASSERT_NE(c, nullptr);
  long response = -1;
  EXPECT_EQ((api.curl_easy_getinfo)(c, CURLINFO_RESPONSE_CODE, &response), CURLE_OK);
  EXPECT_EQ(response, 0);
  api.curl_easy_cleanup(c);
}

// The loader reads LD_LIBRARY_PATH only at start-up, so the test runs itself again with a
// directory whose libcurl.so.4 is really libc: it loads, but has none of curl's functions.
TEST(LibCurl, SmtpMailerRefusesToStartWithoutAUsableLibcurl) {
  if (std::getenv(kChildFlag) != nullptr) {
    Config config;
    config.mail_transport = "smtp";
    config.smtp_url = "smtp://127.0.0.1:25";
    config.mail_from = "Atrium <no-reply@atrium.test>";
    int code = 2;  // make_mailer accepted it
    try {
      make_mailer(config);
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "child: %s\n", e.what());
      const std::string what = e.what();
      code =
          what.find("SMTP mail needs libcurl.so.4 (Debian package libcurl4)") != std::string::npos
              ? 0
              : 3;
    }
    std::fflush(stderr);
    std::_Exit(code);
  }

  Dl_info libc{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&::getpid), &libc), 0);
  std::string tmpl = (std::filesystem::temp_directory_path() / "atrium-libcurl-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const std::filesystem::path dir = tmpl;
  std::filesystem::create_symlink(libc.dli_fname, dir / "libcurl.so.4");

  std::vector<std::string> env{"LD_LIBRARY_PATH=" + dir.string(), std::string(kChildFlag) + "=1"};
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("LD_LIBRARY_PATH=", 0) != 0) env.push_back(entry);
  }
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  std::string filter = "--gtest_filter=LibCurl.SmtpMailerRefusesToStartWithoutAUsableLibcurl";
  char* argv[] = {self.data(), filter.data(), nullptr};

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv, envp.data());
  int status = 0;
  if (spawned == 0) waitpid(pid, &status, 0);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(spawned, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2: make_mailer accepted smtp; 3: another message";
}

}  // namespace
}  // namespace atrium::mail
