#include "db/postgres/libpq.hpp"

#include <string>

#include "core/shared_library.hpp"
#include "db/error.hpp"

namespace atrium::db::postgres {

namespace {

constexpr const char* kSoname = "libpq.so.5";

[[noreturn]] void unavailable(const std::string& why) {
  throw DbError(DbErrorKind::other, "",
                "PostgreSQL support needs libpq.so.5 (Debian package libpq5): " + why);
}

LibPq load() {
  try {
    const SharedLibrary library(kSoname);
    LibPq api{};
#define ATRIUM_LIBPQ_FUNCTION(name) library.resolve(api.name, #name);
#include "db/postgres/libpq_functions.inc"
#undef ATRIUM_LIBPQ_FUNCTION
    return api;
  } catch (const std::runtime_error& e) {
    unavailable(e.what());
  }
}

}  // namespace

const LibPq& libpq() {
  // A throwing initializer leaves the static uninitialised, so the next call tries again.
  static const LibPq api = load();
  return api;
}

}  // namespace atrium::db::postgres
