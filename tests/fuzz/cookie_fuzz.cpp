// Cookie headers as better-call parses them, and the signed session cookie / bearer token as
// the auth service verifies it: the parser must take any bytes, and a signature must verify
// only for what it signed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/cookie_signer.hpp"
#include "http/cookie.hpp"
#include "http/request.hpp"

using atrium::auth::CookieSigner;

namespace {

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF): the only text a
// JavaScript string can become, so the only text the URI functions must round-trip.
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const char32_t min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const CookieSigner signer("fuzzing-secret-fuzzing-secret-32b");

  for (const auto& [name, value] : atrium::http::parse_cookie_header(input)) {
    (void)signer.unsign(value);
  }
  atrium::http::Request request;
  request.headers.emplace_back("cookie", std::string(input));
  (void)request.cookie("better-auth.session_token");

  if (auto decoded = atrium::http::decode_uri_component(input); decoded && valid_utf8(*decoded)) {
    // encode then decode must give the text back.
    auto again = atrium::http::decode_uri_component(atrium::http::encode_uri_component(*decoded));
    if (!again || *again != *decoded) std::abort();
  }

  // The input as a token: whatever it is, it verifies only if it is what we signed.
  const auto verdict = signer.unsign(input);
  if (verdict.verdict == CookieSigner::Verdict::valid && signer.sign(verdict.value) != input) {
    std::abort();
  }
  // And what we sign always verifies, to the same value; an empty value is "no cookie", as
  // better-call's getSignedCookie has it (the signature must start after position 0).
  const auto round = signer.unsign(signer.sign(input));
  const auto expected =
      input.empty() ? CookieSigner::Verdict::absent : CookieSigner::Verdict::valid;
  if (round.verdict != expected || (!input.empty() && round.value != input)) std::abort();
  return 0;
}
