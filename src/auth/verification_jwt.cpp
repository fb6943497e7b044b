#include "auth/verification_jwt.hpp"

#include <sodium.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <vector>

#include "auth/base64.hpp"
#include "auth/constant_time.hpp"
#include "auth/email_address.hpp"
#include "auth/json_output.hpp"

namespace atrium::auth {
namespace {

// base64url without padding (RFC 7515 §2), from the btoa alphabet.
std::string base64url(std::span<const unsigned char> bytes) {
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (auto& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string base64url(std::string_view text) {
  return base64url(std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string standard;
  standard.reserve(text.size() + 3);
  for (char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (plain) {
      standard.push_back(c);
    } else if (c == '-') {
      standard.push_back('+');
    } else if (c == '_') {
      standard.push_back('/');
    } else {
      return std::nullopt;
    }
  }
  if (standard.size() % 4 == 1) return std::nullopt;
  while (standard.size() % 4 != 0) standard.push_back('=');
  auto bytes = base64_decode_forgiving(standard);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

// HMAC-SHA256 over the signing input. libsodium's streaming interface takes a key of any
// length (hashing keys longer than the block, as RFC 2104 says), like WebCrypto's HMAC.
std::array<unsigned char, crypto_auth_hmacsha256_BYTES> hmac(std::string_view key,
                                                             std::string_view message) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::optional<boost::json::object> json_object(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  // cppcheck-suppress returnStdMoveLocal ; moves the object out of the parsed value, which
  // no copy elision could do (as_object() is a reference into v)
  return std::move(v.as_object());
}

std::optional<double> number(const boost::json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  return std::nullopt;
}

// A claim zod's z.string().optional() accepts: absent, or a string.
bool optional_string(const boost::json::object& o, std::string_view key,
                     std::optional<std::string>& out) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return true;
  if (!v->is_string()) return false;
  out = std::string(v->as_string());
  return true;
}

}  // namespace

std::string sign_verification_jwt(const VerificationClaims& claims, std::string_view secret) {
  std::string payload = R"({"email":)";
  append_json_string(payload, claims.email);
  if (claims.update_to) {
    payload += R"(,"updateTo":)";
    append_json_string(payload, *claims.update_to);
  }
  if (claims.request_type) {
    payload += R"(,"requestType":)";
    append_json_string(payload, *claims.request_type);
  }
  if (claims.user_id) {
    payload += R"(,"userId":)";
    append_json_string(payload, *claims.user_id);
  }
  payload +=
      R"(,"iat":)" + std::to_string(claims.iat) + R"(,"exp":)" + std::to_string(claims.exp) + "}";
  std::string token = base64url(std::string_view(R"({"alg":"HS256"})")) + "." + base64url(payload);
  const auto mac = hmac(secret, token);
  token += '.';
  token += base64url(std::span<const unsigned char>(mac));
  return token;
}

VerifiedJwt verify_verification_jwt(std::string_view token, std::string_view secret,
                                    std::int64_t now_seconds) {
  VerifiedJwt out;
  const auto first = token.find('.');
  if (first == std::string_view::npos) return out;
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return out;
  }
  const auto header_text = base64url_decode(token.substr(0, first));
  if (!header_text) return out;
  const auto header = json_object(*header_text);
  if (!header) return out;
  // Only HS256: a token naming "none" or an asymmetric algorithm is refused before any
  // signature work. jose refuses critical extensions it does not know; it knows none here.
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256") return out;
  if (header->contains("crit")) return out;

  const auto signature = base64url_decode(token.substr(second + 1));
  if (!signature) return out;
  const auto mac = hmac(secret, token.substr(0, second));
  const std::string_view expected(reinterpret_cast<const char*>(mac.data()), mac.size());
  if (!constant_time_equal(expected, *signature)) return out;

  const auto payload_text = base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload_text) return out;
  const auto payload = json_object(*payload_text);
  if (!payload) return out;

  // jose's claim checks, in its order: iat and nbf well-formed, nbf reached, then exp.
  const auto now = static_cast<double>(now_seconds);
  std::optional<double> iat;
  std::optional<double> exp;
  if (const auto* v = payload->if_contains("iat")) {
    iat = number(*v);
    if (!iat) return out;
  }
  if (const auto* v = payload->if_contains("nbf")) {
    const auto nbf = number(*v);
    if (!nbf || *nbf > now) return out;
  }
  if (const auto* v = payload->if_contains("exp")) {
    exp = number(*v);
    if (!exp) return out;
    if (*exp <= now) {
      out.verdict = JwtVerdict::expired;
      return out;
    }
  }

  // Better Auth's zod schema of the payload.
  VerificationClaims claims;
  const auto* email = payload->if_contains("email");
  if (email == nullptr || !email->is_string() || !is_valid_email(email->as_string())) return out;
  claims.email = std::string(email->as_string());
  if (!optional_string(*payload, "updateTo", claims.update_to) ||
      !optional_string(*payload, "requestType", claims.request_type) ||
      !optional_string(*payload, "userId", claims.user_id)) {
    return out;
  }
  claims.iat = iat ? static_cast<std::int64_t>(*iat) : 0;
  claims.exp = exp ? static_cast<std::int64_t>(*exp) : 0;
  out.verdict = JwtVerdict::valid;
  out.claims = std::move(claims);
  return out;
}

}  // namespace atrium::auth
