#pragma once
// How a rendered message leaves the process. deliver() blocks until the message is handed over
// (logged, written, accepted by the SMTP server) and throws MailError otherwise; the outbox
// calls it from its own thread only, one message at a time.

#include "mail/message.hpp"

namespace atrium::mail {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void deliver(const Message& message) = 0;
};

}  // namespace atrium::mail
