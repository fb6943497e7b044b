#include "mail/file_transport.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "core/config.hpp"
#include "mail/mail_error.hpp"
#include "support/mail_message.hpp"

namespace atrium::mail {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "atrium-mail-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

Message sample(const std::string& to, std::string text = "https://app.example/x?token=abc\n") {
  static const ManualClock clock(TimePoint(std::chrono::seconds(1795900545)));
  return make_message("verify-email", "atrium <no-reply@example.com>", to, "Verify", text,
                      "<p>html</p>", clock, system_random());
}

TEST(FileTransport, CreatesTheDirectoryPrivate) {
  TempDir tmp;
  const auto dir = tmp.path / "a" / "mail";
  FileTransport transport(dir);
  struct stat st {};
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST(FileTransport, WritesOnePrivateEmlPerMessageWithUniqueNamesInDeliveryOrder) {
  TempDir tmp;
  // A frozen clock: every name has the same timestamp, so only the sequence can order them.
  const ManualClock frozen(TimePoint(std::chrono::seconds(1795900545)));
  FileTransport transport(tmp.path, frozen);
  for (int i = 0; i < 50; ++i) transport.deliver(sample("u" + std::to_string(i) + "@example.com"));
  const auto files = testing::mail_files(tmp.path.string());
  ASSERT_EQ(files.size(), 50u);
  std::set<std::string> recipients;
  int delivered = 0;
  for (const auto& f : files) {
    EXPECT_EQ(std::filesystem::path(f).filename().string().rfind("20261128T211545.000Z-", 0), 0u)
        << f;
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    const auto m = testing::read_mail_file(f);
    recipients.insert(m.header("To"));
    EXPECT_EQ(m.header("To"), "u" + std::to_string(delivered++) + "@example.com") << f;
    EXPECT_EQ(m.text, "https://app.example/x?token=abc\n");
  }
  EXPECT_EQ(recipients.size(), 50u);
  // Nothing else (no temporary file) is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path),
                          std::filesystem::directory_iterator()),
            50);
}

// The .eml name appears only by a rename (IN_MOVED_TO), never by creating and writing it in
// place (IN_CREATE / IN_CLOSE_WRITE), and the file is whole the moment it appears.
TEST(FileTransport, AMessageAppearsWholeByRename) {
  TempDir tmp;
  FileTransport transport(tmp.path);
  const int fd = inotify_init1(IN_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_GE(inotify_add_watch(fd, tmp.path.c_str(), IN_CREATE | IN_CLOSE_WRITE | IN_MOVED_TO), 0);
  const std::string big(512 * 1024, 'z');
  transport.deliver(sample("a@example.com", big));
  alignas(inotify_event) char buf[16384];
  const auto n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  ASSERT_GT(n, 0);
  int moved_eml = 0;
  for (char* p = buf; p < buf + n;) {
    auto* ev = reinterpret_cast<inotify_event*>(p);
    const std::string name = ev->len ? ev->name : "";
    const bool eml = name.size() > 4 && name.substr(name.size() - 4) == ".eml";
    if (eml) {
      EXPECT_TRUE(ev->mask & IN_MOVED_TO) << name << " mask " << ev->mask;
      if (ev->mask & IN_MOVED_TO) ++moved_eml;
    }
    p += sizeof(inotify_event) + ev->len;
  }
  EXPECT_EQ(moved_eml, 1);
  const auto files = testing::mail_files(tmp.path.string());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(testing::read_mail_file(files[0]).text, big);
}

// A reader polling the directory while messages are written never opens a partial one.
TEST(FileTransport, ConcurrentReaderSeesOnlyWholeFiles) {
  TempDir tmp;
  FileTransport transport(tmp.path);
  const std::string body(64 * 1024, 'q');
  std::atomic<bool> done{false};
  std::size_t checked = 0;
  std::thread reader([&] {
    std::set<std::string> seen;
    while (!done.load() || seen.size() < 20) {
      for (const auto& f : testing::mail_files(tmp.path.string())) {
        if (!seen.insert(f).second) continue;
        const auto m = testing::read_mail_file(f);
        EXPECT_EQ(m.text, body) << f;
        EXPECT_NE(m.raw.find("--\r\n", m.raw.size() - 4), std::string::npos) << f;
        ++checked;
      }
    }
  });
  for (int i = 0; i < 20; ++i) transport.deliver(sample("r@example.com", body));
  done = true;
  reader.join();
  EXPECT_EQ(checked, 20u);
}

TEST(FileTransport, UnwritableDirectoryIsAConfigError) {
  if (::geteuid() == 0) {
    // root may write anywhere: a path under a regular file cannot be a directory for anyone.
    TempDir tmp;
    const auto file = tmp.path / "file";
    std::ofstream(file) << "x";
    EXPECT_THROW(FileTransport(file / "mail"), ConfigError);
  } else {
    EXPECT_THROW(FileTransport("/proc/atrium-mail"), ConfigError);
  }
}

TEST(FileTransport, WriteFailureIsRetryable) {
  TempDir tmp;
  FileTransport transport(tmp.path / "mail");
  std::filesystem::remove_all(tmp.path / "mail");
  try {
    transport.deliver(sample("a@example.com"));
    FAIL() << "no MailError";
  } catch (const MailError& e) {
    EXPECT_TRUE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("token"), std::string::npos);
  }
}

}  // namespace
}  // namespace atrium::mail
