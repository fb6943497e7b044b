#include "mail/file_transport.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <system_error>

#include "core/config.hpp"
#include "mail/mail_error.hpp"

namespace atrium::mail {
namespace {

std::string errno_text(int err) {
  return std::generic_category().message(err);
}

// Closes the descriptor and removes the temporary file unless released.
struct TempFile {
  int fd = -1;
  std::filesystem::path path;
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!path.empty()) ::unlink(path.c_str());
  }
};

std::string file_stamp(TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

FileTransport::FileTransport(std::filesystem::path dir, const Clock& clock, RandomSource& random)
    : dir_(std::move(dir)), clock_(clock), random_(random) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) {
    // Parents as the umask says; the mail directory itself only for us.
    if (dir_.has_parent_path()) std::filesystem::create_directories(dir_.parent_path(), ec);
    if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
      throw ConfigError("ATRIUM_MAIL_DIR: cannot create " + dir_.string() + ": " +
                        errno_text(errno));
    }
  }
  if (::access(dir_.c_str(), W_OK | X_OK) != 0) {
    throw ConfigError("ATRIUM_MAIL_DIR: cannot write to " + dir_.string() + ": " +
                      errno_text(errno));
  }
}

void FileTransport::deliver(const Message& message) {
  const std::string wire = to_rfc5322(message);
  std::string sequence = std::to_string(delivered_.fetch_add(1) + 1);
  if (sequence.size() < 10) sequence.insert(0, 10 - sequence.size(), '0');
  const std::string name =
      file_stamp(clock_.now()) + "-" + sequence + "-" + generate_id(random_, 12) + ".eml";
  const auto final_path = dir_ / name;
  TempFile tmp;
  tmp.path = dir_ / ("." + name + ".tmp");
  tmp.fd = ::open(tmp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (tmp.fd < 0) {
    const int err = errno;
    tmp.path.clear();
    throw MailError(true,
                    "mail: cannot create a file in " + dir_.string() + ": " + errno_text(err));
  }
  std::size_t written = 0;
  while (written < wire.size()) {
    const auto n = ::write(tmp.fd, wire.data() + written, wire.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw MailError(true, "mail: cannot write " + tmp.path.string() + ": " + errno_text(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(tmp.fd) != 0) {
    throw MailError(true, "mail: cannot sync " + tmp.path.string() + ": " + errno_text(errno));
  }
  const int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0) {
    throw MailError(true, "mail: cannot close " + tmp.path.string() + ": " + errno_text(errno));
  }
  if (::rename(tmp.path.c_str(), final_path.c_str()) != 0) {
    throw MailError(true,
                    "mail: cannot rename to " + final_path.string() + ": " + errno_text(errno));
  }
  tmp.path.clear();
  // The rename itself survives a crash only once the directory is synced.
  const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

}  // namespace atrium::mail
