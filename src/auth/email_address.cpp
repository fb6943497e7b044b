#include "auth/email_address.hpp"

namespace atrium::auth {
namespace {

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_local_char(char c) {
  return is_alnum(c) || c == '_' || c == '\'' || c == '+' || c == '-';
}

bool valid_local(std::string_view local) {
  // (seg\.)* then a last segment whose final character is not an apostrophe: every segment
  // non-empty and made of the local characters.
  if (local.empty() || local.back() == '\'') return false;
  std::size_t start = 0;
  while (true) {
    const auto dot = local.find('.', start);
    const auto seg = local.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (seg.empty()) return false;
    for (char c : seg) {
      if (!is_local_char(c)) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool valid_domain(std::string_view domain) {
  // (label\.)+ tld: labels start alphanumeric then alphanumerics or '-'; the TLD is two or
  // more letters.
  const auto last_dot = domain.rfind('.');
  if (last_dot == std::string_view::npos) return false;
  const auto tld = domain.substr(last_dot + 1);
  if (tld.size() < 2) return false;
  for (char c : tld) {
    if (!is_alpha(c)) return false;
  }
  std::size_t start = 0;
  while (start < last_dot + 1) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot - start);
    if (label.empty() || !is_alnum(label.front())) return false;
    for (char c : label) {
      if (!is_alnum(c) && c != '-') return false;
    }
    start = dot + 1;
  }
  return true;
}

}  // namespace

bool is_valid_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  return valid_local(email.substr(0, at)) && valid_domain(email.substr(at + 1));
}

std::string lower_email(std::string_view email) {
  std::string out(email);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace atrium::auth
