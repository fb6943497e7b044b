#include "mail/outbox.hpp"

#include <spdlog/spdlog.h>

#include "mail/mail_error.hpp"

namespace atrium::mail {

std::chrono::milliseconds retry_delay(const OutboxOptions& options, int attempt) {
  auto delay = options.first_retry;
  for (int i = 1; i < attempt && delay < options.max_retry; ++i) delay *= 2;
  return std::min(delay, options.max_retry);
}

Outbox::Outbox(std::unique_ptr<Transport> transport, Templates templates, std::string from,
               OutboxOptions options, const Clock& clock, RandomSource& random)
    : transport_(std::move(transport)),
      templates_(std::move(templates)),
      from_(std::move(from)),
      options_(options),
      clock_(clock),
      random_(random) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  worker_ = std::thread([this] { run(); });
}

Outbox::~Outbox() {
  flush(options_.shutdown_flush);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  // Only this thread touches the queue now.
  if (const auto left = queue_.size(); left > 0) {
    spdlog::error("mail: stopping with {} message(s) not delivered", left);
  }
}

void Outbox::send(MailRequest request) {
  const auto kind = kind_name(request.kind);
  try {
    auto rendered = templates_.render(request);
    auto message =
        make_message(std::string(kind), from_, request.to, std::move(rendered.subject),
                     std::move(rendered.text), std::move(rendered.html), clock_, random_);
    {
      std::lock_guard lock(mutex_);
      if (!stopping_ && queue_.size() < options_.capacity) {
        queue_.push_back(std::move(message));
        wake_.notify_one();
        return;
      }
      ++stats_.refused;
    }
    spdlog::error("mail: the outbox is full ({} queued); {} to {} is not sent", options_.capacity,
                  kind, redact_address(request.to));
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(mutex_);
      ++stats_.refused;
    }
    spdlog::error("mail: {} to {} is not sent: {}", kind, redact_address(request.to), e.what());
  }
}

bool Outbox::flush(std::chrono::milliseconds deadline) {
  std::unique_lock lock(mutex_);
  return drained_.wait_for(lock, deadline, [this] { return queue_.empty(); });
}

OutboxStats Outbox::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Outbox::run() {
  for (;;) {
    const Message* message = nullptr;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      // The front stays queued while it is delivered so flush() waits for it too; only this
      // thread pops, so the reference stays valid.
      message = &queue_.front();
    }
    deliver_with_retries(*message);
    {
      std::lock_guard lock(mutex_);
      queue_.pop_front();
      if (queue_.empty()) drained_.notify_all();
    }
  }
}

void Outbox::deliver_with_retries(const Message& message) {
  const auto who = redact_address(message.to);
  for (int attempt = 1;; ++attempt) {
    std::string why;
    bool retryable = true;
    try {
      transport_->deliver(message);
      std::lock_guard lock(mutex_);
      ++stats_.delivered;
      spdlog::debug("mail: {} to {} delivered ({})", message.kind, who, message.message_id);
      return;
    } catch (const MailError& e) {
      why = e.what();
      retryable = e.retryable();
    } catch (const std::exception& e) {
      why = e.what();
    }
    {
      std::lock_guard lock(mutex_);
      ++stats_.failed_attempts;
    }
    if (!retryable || attempt >= options_.max_attempts) {
      std::lock_guard lock(mutex_);
      ++stats_.failed;
      spdlog::error("mail: giving up on {} to {} after {} attempt(s): {}", message.kind, who,
                    attempt, why);
      return;
    }
    const auto delay = retry_delay(options_, attempt);
    spdlog::warn("mail: {} to {} failed (attempt {} of {}), retrying in {} ms: {}", message.kind,
                 who, attempt, options_.max_attempts, delay.count(), why);
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, delay, [this] { return stopping_; })) {
      ++stats_.failed;
      spdlog::error("mail: {} to {} not delivered: stopping", message.kind, who);
      return;
    }
  }
}

}  // namespace atrium::mail
