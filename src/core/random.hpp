#pragma once
// Randomness comes through this interface so tests can make ids and tokens reproducible.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace atrium {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<unsigned char> out) = 0;
};

// libsodium's CSPRNG.
class SystemRandom final : public RandomSource {
 public:
  void fill(std::span<unsigned char> out) override;
};

RandomSource& system_random();

// Better Auth's createRandomStringGenerator: draw bytes, keep b < floor(256/L)*L, map b % L —
// unbiased rejection sampling over the given alphabet.
std::string random_string(RandomSource& random, std::size_t length, std::string_view alphabet);

inline constexpr std::string_view kAlphanumeric =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Better Auth's generateId(): 32 characters of a-zA-Z0-9.
std::string generate_id(RandomSource& random, std::size_t length = 32);

// A canonical lower-case version 4 UUID, for the app tables' uuid keys.
std::string generate_uuid_v4(RandomSource& random);

}  // namespace atrium
