#pragma once
// ATRIUM_MAIL_TRANSPORT=log, the development default: the message, link included, in the
// server log at info level. The only place a token may appear in a log, which is why
// production refuses this transport (core/config.cpp).

#include "mail/transport.hpp"

namespace atrium::mail {

class LogTransport final : public Transport {
 public:
  void deliver(const Message& message) override;
};

}  // namespace atrium::mail
