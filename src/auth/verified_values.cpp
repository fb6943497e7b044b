#include "auth/verified_values.hpp"

namespace atrium::auth {

bool VerifiedValues::contains(std::string_view signed_value) const {
  std::lock_guard lock(mutex_);
  return values_.find(signed_value) != values_.end();
}

void VerifiedValues::add(std::string_view signed_value) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (values_.size() >= capacity_) values_.clear();
  values_.emplace(signed_value);
}

std::size_t VerifiedValues::size() const {
  std::lock_guard lock(mutex_);
  return values_.size();
}

}  // namespace atrium::auth
