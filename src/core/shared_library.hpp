#pragma once
// A system library loaded on first use instead of linked, so that starting atrium never loads
// it or what it depends on (libpq's TLS/Kerberos/LDAP stack, libcurl's). Opened with RTLD_NOW,
// so a library too old for a function atrium calls fails at load, once, rather than mid-use;
// never closed, since libpq and libcurl keep process-wide state (OpenSSL) with no safe undo.

#include <stdexcept>
#include <string>

namespace atrium {

class SharedLibrary {
 public:
  // Throws std::runtime_error with the loader's reason when the library cannot be opened.
  explicit SharedLibrary(const char* soname);

  // Points `slot` at the function `name`; throws std::runtime_error ("<soname> has no <name>")
  // when the library lacks it.
  template <class Function>
  void resolve(Function*& slot, const char* name) const {
    // POSIX guarantees a function's address survives the round trip through void*.
    slot = reinterpret_cast<Function*>(
        find(name));  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
  }

 private:
  void* find(const char* name) const;

  std::string soname_;
  void* handle_ = nullptr;
};

}  // namespace atrium
