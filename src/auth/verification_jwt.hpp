#pragma once
// The e-mail verification token: a stateless HS256 JWT exactly as Better Auth signs it
// (crypto/jwt.mjs signJWT via jose), so links either server minted verify on the other with the
// same secret. Nothing is stored; the signature and `exp` are the whole defence.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::auth {

struct VerificationClaims {
  std::string email;                        // lower-cased
  std::optional<std::string> update_to;     // change-email: the new address, lower-cased
  std::optional<std::string> request_type;  // change-email-confirmation | -verification
  std::optional<std::string> user_id;       // Better Auth omits it only on dummy tokens
  std::int64_t iat = 0;                     // seconds since the epoch
  std::int64_t exp = 0;
};

// The compact JWS: header {"alg":"HS256"}, payload keys in Better Auth's order (email,
// updateTo?, requestType?, userId?, iat, exp), HMAC-SHA256 with the secret's UTF-8 bytes.
std::string sign_verification_jwt(const VerificationClaims& claims, std::string_view secret);

enum class JwtVerdict { valid, expired, invalid };

struct VerifiedJwt {
  JwtVerdict verdict = JwtVerdict::invalid;
  VerificationClaims claims;  // meaningful only when valid
};

// jose's jwtVerify with algorithms ["HS256"], then the payload checks Better Auth's zod schema
// makes: expired (exp <= now) is told apart from everything else, which is invalid.
VerifiedJwt verify_verification_jwt(std::string_view token, std::string_view secret,
                                    std::int64_t now_seconds);

}  // namespace atrium::auth
