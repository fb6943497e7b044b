#include "db/loopback_host.hpp"

#include <gtest/gtest.h>

namespace atrium::db {
namespace {

TEST(LoopbackHost, UnixSocketsAndTheDefaultAreThisMachine) {
  EXPECT_TRUE(names_this_machine(""));
  EXPECT_TRUE(names_this_machine("/var/run/postgresql"));
  EXPECT_TRUE(names_this_machine("@abstract"));
}

TEST(LoopbackHost, LocalhostAndLoopbackAddresses) {
  EXPECT_TRUE(names_this_machine("localhost"));
  EXPECT_TRUE(names_this_machine("LocalHost"));
  EXPECT_TRUE(names_this_machine("127.0.0.1"));
  EXPECT_TRUE(names_this_machine("127.1.2.3"));
  EXPECT_TRUE(names_this_machine("::1"));
  EXPECT_TRUE(names_this_machine("::ffff:127.0.0.1"));
}

TEST(LoopbackHost, OtherHostsAreNot) {
  EXPECT_FALSE(names_this_machine("db.example.com"));
  EXPECT_FALSE(names_this_machine("ep-cool-darkness-123456.us-east-2.aws.neon.tech"));
  EXPECT_FALSE(names_this_machine("10.0.0.5"));
  EXPECT_FALSE(names_this_machine("128.0.0.1"));
  EXPECT_FALSE(names_this_machine("::2"));
  EXPECT_FALSE(names_this_machine("::ffff:10.0.0.1"));
  // A name is not resolved: one that happens to point here still counts as elsewhere.
  EXPECT_FALSE(names_this_machine("localhost.localdomain"));
}

TEST(LoopbackHost, EveryEntryOfAListMustBeLocal) {
  EXPECT_TRUE(names_this_machine("localhost,/tmp,127.0.0.1"));
  EXPECT_FALSE(names_this_machine("localhost,db.example.com"));
  EXPECT_TRUE(names_this_machine(","));  // empty entries: the default socket
}

}  // namespace
}  // namespace atrium::db
