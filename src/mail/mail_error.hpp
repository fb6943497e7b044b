#pragma once
// What a transport throws when it cannot deliver. The outbox decides from `retryable` alone
// whether to try again later (a server down, a full disk) or give up now (a refused
// recipient, a header that would inject another header). The message text never contains the
// mail's content, so it can be logged.

#include <stdexcept>
#include <string>

namespace atrium::mail {

class MailError : public std::runtime_error {
 public:
  MailError(bool retryable, const std::string& message)
      : std::runtime_error(message), retryable_(retryable) {}

  bool retryable() const noexcept { return retryable_; }

 private:
  bool retryable_;
};

}  // namespace atrium::mail
