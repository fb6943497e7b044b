#include "mail/libcurl.hpp"

#include <string>

#include "core/shared_library.hpp"
#include "mail/mail_error.hpp"

namespace atrium::mail {

namespace {

constexpr const char* kSoname = "libcurl.so.4";

[[noreturn]] void unavailable(const std::string& why) {
  // Not retryable: a missing library does not appear between two attempts at one message.
  throw MailError(false, "SMTP mail needs libcurl.so.4 (Debian package libcurl4): " + why);
}

LibCurl load() {
  LibCurl api{};
  try {
    const SharedLibrary library(kSoname);
#define ATRIUM_LIBCURL_FUNCTION(name) library.resolve(api.name, #name);
#include "mail/libcurl_functions.inc"
#undef ATRIUM_LIBCURL_FUNCTION
  } catch (const std::runtime_error& e) {
    unavailable(e.what());
  }
  // Here, under the static's initialisation lock, because curl_global_init is not
  // thread-safe in every libcurl build; curl_easy_init would otherwise run it unguarded.
  if (const CURLcode rc = api.curl_global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
    unavailable("curl_global_init failed: " + std::string(api.curl_easy_strerror(rc)));
  }
  return api;
}

}  // namespace

const LibCurl& libcurl() {
  // A throwing initializer leaves the static uninitialised, so the next call tries again.
  static const LibCurl api = load();
  return api;
}

}  // namespace atrium::mail
