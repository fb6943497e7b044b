#include "auth/cookie_signer.hpp"

#include <array>
#include <stdexcept>

#include "auth/base64.hpp"
#include "auth/constant_time.hpp"
#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac mac(const crypto_auth_hmacsha256_state& keyed, std::string_view value) {
  crypto_auth_hmacsha256_state state = keyed;
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                                value.size());
  Mac out{};
  crypto_auth_hmacsha256_final(&state, out.data());
  return out;
}

}  // namespace

CookieSigner::CookieSigner(std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  crypto_auth_hmacsha256_init(&keyed_, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
}

std::string CookieSigner::signature(std::string_view value) const {
  return base64_encode(mac(keyed_, value));
}

std::string CookieSigner::sign(std::string_view value) const {
  std::string out;
  out.reserve(value.size() + 45);
  out.append(value).append(".").append(signature(value));
  return out;
}

std::string CookieSigner::cookie_value(std::string_view value) const {
  return http::encode_uri_component(sign(value));
}

CookieSigner::Unsigned CookieSigner::unsign(std::string_view signed_value) const {
  const auto dot = signed_value.rfind('.');
  if (dot == std::string_view::npos || dot < 1) return {};
  const std::string_view value = signed_value.substr(0, dot);
  const std::string_view sig = signed_value.substr(dot + 1);
  if (sig.size() != 44 || sig.back() != '=') return {};
  if (verified_->contains(signed_value)) return {Verdict::valid, std::string(value)};
  // atob accepts what btoa never writes (stray bits in the last character); decode the same
  // way and compare the MAC bytes, not the text.
  const auto decoded = base64_decode_forgiving(sig);
  const Mac expected = mac(keyed_, value);
  const bool ok =
      decoded &&
      constant_time_equal(
          std::string_view(reinterpret_cast<const char*>(decoded->data()), decoded->size()),
          std::string_view(reinterpret_cast<const char*>(expected.data()), expected.size()));
  if (!ok) return {Verdict::invalid, {}};
  verified_->add(signed_value);
  return {Verdict::valid, std::string(value)};
}

}  // namespace atrium::auth
