#pragma once
// ATRIUM_MAIL_TRANSPORT=file: each message as <dir>/<UTC timestamp>-<sequence>-<random>.eml. It
// is written to a hidden temporary file in the same directory, fsynced and renamed, so a reader
// listing *.eml never sees half a message; names sort in delivery order (the sequence orders the
// messages of one millisecond, the random part keeps two processes' names apart). The directory
// is created 0700 when missing and files are 0600: they hold tokens.

#include <atomic>
#include <cstdint>
#include <filesystem>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "mail/transport.hpp"

namespace atrium::mail {

class FileTransport final : public Transport {
 public:
  // Creates the directory (ConfigError when it cannot).
  explicit FileTransport(std::filesystem::path dir, const Clock& clock = system_clock(),
                         RandomSource& random = system_random());
  void deliver(const Message& message) override;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  const Clock& clock_;
  RandomSource& random_;
  std::atomic<std::uint64_t> delivered_{0};
};

}  // namespace atrium::mail
