#include "auth/base64.hpp"

#include <array>

namespace atrium::auth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  }
  return t;
}
constexpr auto kTable = make_table();

bool is_ascii_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

}  // namespace

std::string base64_encode(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (const auto rest = bytes.size() - i; rest > 0) {
    unsigned v = bytes[i] << 16;
    if (rest == 2) v |= bytes[i + 1] << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::optional<std::vector<unsigned char>> base64_decode_forgiving(std::string_view text) {
  // https://infra.spec.whatwg.org/#forgiving-base64-decode
  std::string data;
  data.reserve(text.size());
  for (char c : text) {
    if (!is_ascii_whitespace(c)) data.push_back(c);
  }
  if (data.size() % 4 == 0) {
    if (!data.empty() && data.back() == '=') data.pop_back();
    if (!data.empty() && data.back() == '=') data.pop_back();
  }
  if (data.size() % 4 == 1) return std::nullopt;
  std::vector<unsigned char> out;
  out.reserve(data.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : data) {
    const auto v = kTable[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<unsigned char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace atrium::auth
