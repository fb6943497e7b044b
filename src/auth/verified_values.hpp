#pragma once
// Signed values whose signature has already been checked, so that the next request with the
// same cookie skips the HMAC (two SHA-256 blocks, the largest single cost of a get-session).
// A value only enters after a check passed, and the whole text is the key, signature
// included: a hit proves nothing an attacker could not already show. Bounded: when full it
// starts afresh rather than grow with the number of sessions.

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace atrium::auth {

class VerifiedValues {
 public:
  explicit VerifiedValues(std::size_t capacity = 4096) : capacity_(capacity) {}

  bool contains(std::string_view signed_value) const;
  void add(std::string_view signed_value);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string, Hash, std::equal_to<>> values_;
};

}  // namespace atrium::auth
