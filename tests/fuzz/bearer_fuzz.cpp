// Authorization: Bearer tokens through the bearer plugin's before hook, as every /api/auth
// request runs it (AuthService::apply_bearer): any header value either leaves the request as
// it was or stands for a session cookie whose signature verifies with the server's secret.
// Then the same bytes as a signed value and as a cookie header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/auth_service.hpp"
#include "auth/cookie_signer.hpp"
#include "auth/exchange.hpp"
#include "core/config.hpp"
#include "db/database.hpp"
#include "http/request.hpp"

namespace {

constexpr const char* kSecret = "fuzz-secret-fuzz-secret-fuzz-secret-0123";

struct Fixture {
  Fixture() {
    config.database_url = "sqlite:///:memory:";
    config.secrets = {{"", kSecret}};
    config.base_url = "http://localhost:3000";
    database = atrium::db::Database::open(config.database_url);
    service = std::make_unique<atrium::auth::AuthService>(config, *database);
  }
  atrium::Config config;
  std::unique_ptr<atrium::db::Database> database;
  std::unique_ptr<atrium::auth::AuthService> service;
  atrium::auth::CookieSigner signer{kSecret};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using Verdict = atrium::auth::CookieSigner::Verdict;

  for (const std::string prefix : {"Bearer ", "bearer\t", ""}) {
    atrium::http::Request request;
    request.method = "GET";
    request.target = request.path = "/api/auth/get-session";
    request.headers.emplace_back("authorization", prefix + std::string(input));
    atrium::auth::Exchange ex(request);
    fixture.service->apply_bearer(ex);
    if (ex.bearer_session_cookie) {
      const auto verdict = fixture.signer.unsign(*ex.bearer_session_cookie);
      if (verdict.verdict != Verdict::valid || verdict.value.empty()) std::abort();
    }
    (void)ex.request_cookies();
  }

  const auto unsigned_value = fixture.signer.unsign(input);
  if (unsigned_value.verdict == Verdict::valid &&
      fixture.signer.sign(unsigned_value.value) != input) {
    std::abort();  // a valid signed value is exactly what signing its value gives
  }
  const std::string signed_input = fixture.signer.sign(input);
  const auto back = fixture.signer.unsign(signed_input);
  if (input.find('.') == std::string_view::npos && !input.empty() &&
      (back.verdict != Verdict::valid || back.value != input)) {
    std::abort();
  }
  return 0;
}
