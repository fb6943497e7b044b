#include "auth/client_ip.hpp"

#include <gtest/gtest.h>

#include "core/config.hpp"

namespace atrium::auth {
namespace {

TEST(ClientIp, NormalisesLikeBetterAuth) {
  EXPECT_EQ(normalize_ip("9.8.7.6"), "9.8.7.6");
  EXPECT_EQ(normalize_ip("::ffff:127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(normalize_ip("2001:db8::1"), "2001:0db8:0000:0000:0000:0000:0000:0000");
  EXPECT_EQ(normalize_ip("2001:DB8:1:2:3:4:5:6", 128), "2001:0db8:0001:0002:0003:0004:0005:0006");
  EXPECT_EQ(normalize_ip("2001:db8:abcd:ef12::", 56), "2001:0db8:abcd:ef00:0000:0000:0000:0000");
  EXPECT_EQ(normalize_ip("[::1]"), "0000:0000:0000:0000:0000:0000:0000:0000");
  EXPECT_FALSE(normalize_ip("not-an-ip"));
  EXPECT_FALSE(normalize_ip("1.2.3.04"));
  EXPECT_FALSE(normalize_ip("1.2.3.4' OR 1=1 --"));
}

TEST(ClientIp, CidrMatching) {
  const auto net = parse_cidr("10.0.0.0/8");
  ASSERT_TRUE(net);
  EXPECT_TRUE(cidr_contains(*net, *parse_ip("10.200.3.4")));
  EXPECT_TRUE(cidr_contains(*net, *parse_ip("::ffff:10.1.1.1")));
  EXPECT_FALSE(cidr_contains(*net, *parse_ip("11.0.0.1")));
  const auto v6 = parse_cidr("fd00::/8");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(cidr_contains(*v6, *parse_ip("fd12::1")));
  EXPECT_FALSE(cidr_contains(*v6, *parse_ip("10.0.0.1")));
  EXPECT_FALSE(parse_cidr("10.0.0.0/33"));
  EXPECT_FALSE(parse_cidr("10.0.0.0/"));
  EXPECT_FALSE(parse_cidr("nonsense/8"));
}

TEST(ClientIp, WithoutTrustedProxiesTheHeaderIsIgnored) {
  // Better Auth would believe any X-Forwarded-For; atrium keys on the socket.
  ClientIpResolver resolver({});
  EXPECT_EQ(resolver.resolve("203.0.113.9", "1.2.3.4"), "203.0.113.9");
  EXPECT_EQ(resolver.resolve("203.0.113.9", std::nullopt), "203.0.113.9");
}

TEST(ClientIp, AnUntrustedPeerCannotChooseItsAddress) {
  ClientIpResolver resolver({"10.0.0.0/8"});
  EXPECT_EQ(resolver.resolve("203.0.113.9", "1.2.3.4"), "203.0.113.9");
}

TEST(ClientIp, ATrustedProxyForwardsTheClient) {
  ClientIpResolver resolver({"10.0.0.0/8", "127.0.0.1"});
  EXPECT_EQ(resolver.resolve("127.0.0.1", "198.51.100.7"), "198.51.100.7");
  // Walk from the right past trusted hops; what the client wrote on the left is ignored.
  EXPECT_EQ(resolver.resolve("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.5"), "198.51.100.7");
  EXPECT_EQ(resolver.resolve("::ffff:10.0.0.2", "198.51.100.7"), "198.51.100.7");
  // No header: the proxy itself.
  EXPECT_EQ(resolver.resolve("10.0.0.2", std::nullopt), "10.0.0.2");
  // Garbage where the client should be: fall back to the peer rather than a client-chosen key.
  EXPECT_EQ(resolver.resolve("10.0.0.2", "6.6.6.6, garbage"), "10.0.0.2");
  // Every hop trusted: the left-most one.
  EXPECT_EQ(resolver.resolve("10.0.0.2", "10.9.9.9, 10.0.0.5"), "10.9.9.9");
  // IPv6 clients are bucketed per /64 like Better Auth.
  EXPECT_EQ(resolver.resolve("10.0.0.2", "2001:db8::5"), "2001:0db8:0000:0000:0000:0000:0000:0000");
}

TEST(ClientIp, MalformedTrustedProxyIsAConfigError) {
  EXPECT_THROW(ClientIpResolver({"10.0.0.0/8", "proxy.internal"}), ConfigError);
}

}  // namespace
}  // namespace atrium::auth
