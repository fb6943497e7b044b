#include "core/random.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace atrium {

void SystemRandom::fill(std::span<unsigned char> out) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
  randombytes_buf(out.data(), out.size());
}

RandomSource& system_random() {
  static SystemRandom random;
  return random;
}

std::string random_string(RandomSource& random, std::size_t length, std::string_view alphabet) {
  if (alphabet.empty() || alphabet.size() > 256) {
    throw std::invalid_argument("random_string: alphabet must have 1 to 256 characters");
  }
  const std::size_t max_valid = (256 / alphabet.size()) * alphabet.size();
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 64> pool{};
  while (out.size() < length) {
    random.fill(pool);
    for (unsigned char b : pool) {
      if (b < max_valid) {
        out.push_back(alphabet[b % alphabet.size()]);
        if (out.size() == length) break;
      }
    }
  }
  return out;
}

std::string generate_id(RandomSource& random, std::size_t length) {
  return random_string(random, length, kAlphanumeric);
}

std::string generate_uuid_v4(RandomSource& random) {
  std::array<unsigned char, 16> b{};
  random.fill(b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char buf[37];
  std::snprintf(buf, sizeof buf,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return buf;
}

}  // namespace atrium
