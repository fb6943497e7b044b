#include "auth/client_ip.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>

#include "core/config.hpp"

namespace atrium::auth {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_v4_mapped(const IpBytes& ip) {
  if (ip.size != 16) return false;
  for (int i = 0; i < 10; ++i) {
    if (ip.bytes[i] != 0) return false;
  }
  return ip.bytes[10] == 0xff && ip.bytes[11] == 0xff;
}

IpBytes unmap(const IpBytes& ip) {
  if (!is_v4_mapped(ip)) return ip;
  IpBytes v4;
  v4.size = 4;
  for (int i = 0; i < 4; ++i) v4.bytes[i] = ip.bytes[12 + i];
  return v4;
}

std::string format_v4(const IpBytes& ip) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip.bytes[0], ip.bytes[1], ip.bytes[2], ip.bytes[3]);
  return buf;
}

}  // namespace

std::optional<IpBytes> parse_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (const auto zone = text.find('%'); zone != std::string_view::npos) text = text.substr(0, zone);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpBytes ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.size = 4;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.size = 16;
    return ip;
  }
  return std::nullopt;
}

std::optional<std::string> normalize_ip(std::string_view text, int ipv6_subnet) {
  const auto parsed = parse_ip(text);
  if (!parsed) return std::nullopt;
  const IpBytes ip = unmap(*parsed);
  if (ip.size == 4) return format_v4(ip);
  int bits = ipv6_subnet < 128 ? std::max(0, ipv6_subnet) : 128;
  std::string out;
  out.reserve(39);
  for (std::size_t g = 0; g < 8; ++g) {
    unsigned group = (ip.bytes[2 * g] << 8) | ip.bytes[2 * g + 1];
    if (bits <= 0) {
      group = 0;
    } else if (bits < 16) {
      group &= (0xFFFFu << (16 - bits)) & 0xFFFFu;
      bits = 0;
    } else {
      bits -= 16;
    }
    char buf[5];
    std::snprintf(buf, sizeof buf, "%04x", group);
    if (g > 0) out.push_back(':');
    out.append(buf);
  }
  return out;
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  const auto slash = text.rfind('/');
  const auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  Cidr cidr{unmap(*ip), 0};
  const int max_bits = static_cast<int>(cidr.network.size * 8);
  if (slash == std::string_view::npos) {
    cidr.prefix = max_bits;
    return cidr;
  }
  const auto digits = text.substr(slash + 1);
  int prefix = -1;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
  if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() || prefix < 0 ||
      prefix > max_bits) {
    return std::nullopt;
  }
  cidr.prefix = prefix;
  return cidr;
}

bool cidr_contains(const Cidr& cidr, const IpBytes& candidate) {
  const IpBytes ip = unmap(candidate);
  if (ip.size != cidr.network.size) return false;
  int bits = cidr.prefix;
  for (std::size_t i = 0; i < ip.size && bits > 0; ++i, bits -= 8) {
    const unsigned mask = bits >= 8 ? 0xFFu : (0xFFu << (8 - bits)) & 0xFFu;
    if ((ip.bytes[i] & mask) != (cidr.network.bytes[i] & mask)) return false;
  }
  return true;
}

ClientIpResolver::ClientIpResolver(const std::vector<std::string>& trusted_proxies, int ipv6_subnet)
    : ipv6_subnet_(ipv6_subnet) {
  for (const auto& entry : trusted_proxies) {
    auto cidr = parse_cidr(entry);
    if (!cidr) {
      throw ConfigError("ATRIUM_TRUSTED_PROXIES: '" + entry +
                        "' is not an IP address or CIDR range");
    }
    proxies_.push_back(*cidr);
  }
}

bool ClientIpResolver::trusted(const IpBytes& ip) const {
  for (const auto& p : proxies_) {
    if (cidr_contains(p, ip)) return true;
  }
  return false;
}

std::optional<std::string> ClientIpResolver::resolve(
    std::string_view peer_address, std::optional<std::string_view> forwarded_for) const {
  const auto peer = parse_ip(peer_address);
  if (!peer) return std::nullopt;
  if (!forwarded_for || proxies_.empty() || !trusted(*peer)) {
    return normalize_ip(peer_address, ipv6_subnet_);
  }
  // Walk from the right: each trusted hop appended the address it saw; the first hop that is
  // not a trusted proxy is the client. An entry that is not an address means the chain cannot
  // be believed beyond that point, so the last trustworthy knowledge is the peer itself.
  std::vector<std::string_view> hops;
  std::string_view rest = *forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto hop = trim(rest.substr(0, comma));
    if (!hop.empty()) hops.push_back(hop);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    const auto ip = parse_ip(*it);
    if (!ip) return normalize_ip(peer_address, ipv6_subnet_);
    if (!trusted(*ip) || std::next(it) == hops.rend()) return normalize_ip(*it, ipv6_subnet_);
  }
  return normalize_ip(peer_address, ipv6_subnet_);
}

}  // namespace atrium::auth
