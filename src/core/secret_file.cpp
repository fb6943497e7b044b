#include "core/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <system_error>

#include "core/config.hpp"
#include "core/random.hpp"

namespace atrium {

std::string load_or_create_secret(const std::string& path) {
  std::ifstream in(path);
  if (in) {
    std::string secret;
    std::getline(in, secret);
    if (secret.size() < 32) {
      throw ConfigError("the secret file " + path + " is shorter than 32 characters; delete it");
    }
    return secret;
  }
  std::string secret = random_string(system_random(), 64, "0123456789abcdef");
  // O_EXCL: two processes starting at once must not overwrite each other's secret.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return load_or_create_secret(path);
    throw ConfigError("cannot create the secret file " + path + ": " +
                      std::generic_category().message(errno));
  }
  const std::string line = secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw ConfigError("cannot write the secret file " + path);
  return secret;
}

}  // namespace atrium
