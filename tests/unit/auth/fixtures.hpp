#pragma once
// The fixture made by the real Better Auth (tests/interop/fixtures/make-auth-fixtures.mjs).

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace atrium::auth::testing {

inline const boost::json::object& better_auth_fixture() {
  static const boost::json::value fixture = [] {
    std::ifstream in(std::string(ATRIUM_SOURCE_DIR) +
                     "/tests/fixtures/better-auth/auth-fixtures.json");
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str());
  }();
  return fixture.as_object();
}

}  // namespace atrium::auth::testing
