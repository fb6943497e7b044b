#pragma once
// Who the client is, for rate limiting and the session's ipAddress. Better Auth trusts
// X-Forwarded-For from anyone (a client can pick its own bucket) and without it puts every
// client in one bucket. atrium keys on the socket's peer address and reads X-Forwarded-For
// only when that peer is a proxy listed in ATRIUM_TRUSTED_PROXIES, walking the list from the
// right past further trusted hops, as Better Auth's trustedProxies does.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atrium::auth {

// An address as bytes: 4 for IPv4 (also IPv4-mapped IPv6), 16 for IPv6.
struct IpBytes {
  std::array<unsigned char, 16> bytes{};
  std::size_t size = 0;
};

// Parses a literal IPv4 (dotted quad, no leading zeros) or IPv6 address (with optional
// embedded IPv4, optional [brackets] and %zone, as a peer address may come).
std::optional<IpBytes> parse_ip(std::string_view text);

// Better Auth's normalizeIP: IPv4 as is; IPv4-mapped IPv6 as IPv4; other IPv6 expanded to
// eight 4-digit lower-case groups and masked to /ipv6_subnet. Nullopt for a non-address.
std::optional<std::string> normalize_ip(std::string_view text, int ipv6_subnet = 64);

struct Cidr {
  IpBytes network;
  int prefix = 0;
};
// "10.0.0.0/8", "::1", "192.168.1.7" (a whole address). Nullopt when malformed.
std::optional<Cidr> parse_cidr(std::string_view text);
bool cidr_contains(const Cidr& cidr, const IpBytes& ip);

class ClientIpResolver {
 public:
  // Throws ConfigError naming the first entry that is not an address or CIDR.
  explicit ClientIpResolver(const std::vector<std::string>& trusted_proxies, int ipv6_subnet = 64);

  // The normalised client address: the peer's, or, when the peer is a trusted proxy, the
  // right-most X-Forwarded-For entry that is not itself a trusted proxy. Nullopt when the peer
  // address is unusable (never for a real socket).
  std::optional<std::string> resolve(std::string_view peer_address,
                                     std::optional<std::string_view> forwarded_for) const;

 private:
  bool trusted(const IpBytes& ip) const;
  std::vector<Cidr> proxies_;
  int ipv6_subnet_;
};

}  // namespace atrium::auth
