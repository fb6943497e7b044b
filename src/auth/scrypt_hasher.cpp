#include "auth/scrypt_hasher.hpp"

#include <sodium.h>

#include <array>
#include <vector>

#include "auth/constant_time.hpp"
#include "auth/unicode.hpp"
#include "core/error.hpp"

namespace atrium::auth {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string scrypt_hex(std::string_view password, std::string_view salt, const ScryptParams& p) {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorKind::internal, "", "libsodium failed to initialise");
  const std::string normalized = nfkc(password);
  std::vector<unsigned char> key(p.key_length);
  const int rc = crypto_pwhash_scryptsalsa208sha256_ll(
      reinterpret_cast<const std::uint8_t*>(normalized.data()), normalized.size(),
      reinterpret_cast<const std::uint8_t*>(salt.data()), salt.size(), p.n, p.r, p.p, key.data(),
      key.size());
  if (rc != 0) throw Error(ErrorKind::internal, "", "scrypt failed (out of memory?)");
  return to_hex(key.data(), key.size());
}

ScryptHasher::ScryptHasher(RandomSource& random, ScryptParams params)
    : random_(random), params_(params) {}

std::string ScryptHasher::hash(std::string_view password) {
  std::array<unsigned char, 16> salt_bytes{};
  random_.fill(salt_bytes);
  const std::string salt = to_hex(salt_bytes.data(), salt_bytes.size());
  return salt + ":" + scrypt_hex(password, salt, params_);
}

bool ScryptHasher::verify(std::string_view password, std::string_view stored) {
  // JS: const [salt, key] = hash.split(":") — the first two pieces; more colons are ignored.
  const auto first = stored.find(':');
  const std::string_view salt = stored.substr(0, first);
  std::string_view key;
  if (first != std::string_view::npos) {
    key = stored.substr(first + 1);
    key = key.substr(0, key.find(':'));
  }
  if (salt.empty() || key.empty()) {
    throw Error(ErrorKind::internal, "", "Invalid password hash");
  }
  return constant_time_equal(scrypt_hex(password, salt, params_), key);
}

}  // namespace atrium::auth
