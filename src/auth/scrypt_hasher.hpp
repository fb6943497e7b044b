#pragma once
// Better Auth's password hash, byte for byte: scrypt(N=16384, r=16, p=1, dkLen=64) over the
// NFKC-normalised password, salted with the 32-character lower-case hex text of 16 random
// bytes (the text itself, not the bytes it encodes), stored as "<salt hex>:<key hex>".
// libsodium computes the same scrypt as Node's crypto.scrypt, about 1.7x faster here.

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/password_hasher.hpp"
#include "core/random.hpp"

namespace atrium::auth {

struct ScryptParams {
  std::uint64_t n = 16384;
  std::uint32_t r = 16;
  std::uint32_t p = 1;
  std::size_t key_length = 64;

  // 128 * N * r bytes: what one hash holds while it runs (32 MiB with the defaults).
  std::size_t memory_bytes() const { return 128 * n * r; }
};

// scrypt(NFKC(password), salt) as lower-case hex. Throws atrium::Error(internal) when libsodium
// refuses (out of memory, parameters out of range).
std::string scrypt_hex(std::string_view password, std::string_view salt, const ScryptParams& p);

class ScryptHasher final : public PasswordHasher {
 public:
  // Functional tests may lower the cost; compatibility tests and benchmarks keep the defaults.
  explicit ScryptHasher(RandomSource& random, ScryptParams params = {});

  std::string hash(std::string_view password) override;
  bool verify(std::string_view password, std::string_view stored) override;

  const ScryptParams& params() const { return params_; }

 private:
  RandomSource& random_;
  ScryptParams params_;
};

}  // namespace atrium::auth
