#include "mail/libcurl.hpp"

#include <dlfcn.h>

#include <string>

#include "mail/mail_error.hpp"

namespace atrium::mail {

namespace {

constexpr const char* kSoname = "libcurl.so.4";

[[noreturn]] void unavailable(const std::string& why) {
  // Not retryable: a missing library does not appear between two attempts at one message.
  throw MailError(false, "SMTP mail needs libcurl.so.4 (Debian package libcurl4): " + why);
}

LibCurl load() {
  // RTLD_NOW: a libcurl too old for a function we call fails here, once, not mid-delivery.
  // Never closed: curl_global_init sets up OpenSSL for the whole process and has no safe undo
  // while other threads may still use it.
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    unavailable(why ? why : std::string("cannot load ") + kSoname);
  }
  LibCurl api{};
#define ATRIUM_LIBCURL_FUNCTION(name)                                   \
  api.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (api.name == nullptr) unavailable(std::string(kSoname) + " has no " + #name);
#include "mail/libcurl_functions.inc"
#undef ATRIUM_LIBCURL_FUNCTION
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
