#include "mail/log_transport.hpp"

#include <spdlog/spdlog.h>

namespace atrium::mail {

void LogTransport::deliver(const Message& message) {
  // The text part rather than the wire form: quoted-printable would break the link a developer
  // wants to click.
  spdlog::info("mail ({}) from {} to {}, subject \"{}\", {}:\n{}", message.kind, message.from,
               message.to, message.subject, message.message_id, message.text);
}

}  // namespace atrium::mail
