#include "db/postgres/libpq.hpp"

#include <dlfcn.h>

#include <string>

#include "db/error.hpp"

namespace atrium::db::postgres {

namespace {

constexpr const char* kSoname = "libpq.so.5";

[[noreturn]] void unavailable(const std::string& why) {
  throw DbError(DbErrorKind::other, "",
                "PostgreSQL support needs libpq.so.5 (Debian package libpq5): " + why);
}

LibPq load() {
  // RTLD_NOW: a libpq too old for a function we call fails here, once, not mid-query.
  // Never closed: libpq keeps global state (OpenSSL, the notice hooks) for the process.
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    unavailable(why ? why : std::string("cannot load ") + kSoname);
  }
  LibPq api{};
#define ATRIUM_LIBPQ_FUNCTION(name)                                     \
  api.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name)); \
  if (api.name == nullptr) unavailable(std::string(kSoname) + " has no " + #name);
#include "db/postgres/libpq_functions.inc"
#undef ATRIUM_LIBPQ_FUNCTION
  return api;
}

}  // namespace

const LibPq& libpq() {
  // A throwing initializer leaves the static uninitialised, so the next call tries again.
  static const LibPq api = load();
  return api;
}

}  // namespace atrium::db::postgres
