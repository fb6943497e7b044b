#pragma once
// Signed cookie values as better-call makes and reads them: "<value>.<signature>" where the
// signature is standard base64 (with its one '=') of HMAC-SHA256(secret, value), and the
// whole is encodeURIComponent-ed on the wire. The same signed form is the bearer token.

#include <sodium.h>

#include <memory>
#include <string>
#include <string_view>

#include "auth/verified_values.hpp"

namespace atrium::auth {

class CookieSigner {
 public:
  explicit CookieSigner(std::string_view secret);

  // base64(HMAC-SHA256(secret, value)), always 44 characters.
  std::string signature(std::string_view value) const;
  // "<value>.<signature>", the decoded cookie value and the bearer token.
  std::string sign(std::string_view value) const;
  // encodeURIComponent(sign(value)), what goes into Set-Cookie.
  std::string cookie_value(std::string_view value) const;

  enum class Verdict {
    absent,   // not a signed value at all (no '.', wrong signature shape): treated as no cookie
    invalid,  // well-formed but the signature does not match
    valid,
  };
  struct Unsigned {
    Verdict verdict = Verdict::absent;
    std::string value;  // set when valid
  };
  // better-call's getSignedCookie on an already percent-decoded cookie value: split at the
  // last '.', the signature must be 44 characters ending in '=', then an HMAC check in
  // constant time.
  Unsigned unsign(std::string_view signed_value) const;

 private:
  // Keyed once: each signature copies this state instead of hashing the key again (the
  // one-shot call costs about five times as much for short values).
  crypto_auth_hmacsha256_state keyed_;
  // Behind a pointer so the signer stays movable.
  std::unique_ptr<VerifiedValues> verified_ = std::make_unique<VerifiedValues>();
};

}  // namespace atrium::auth
