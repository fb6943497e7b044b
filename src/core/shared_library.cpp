#include "core/shared_library.hpp"

#include <dlfcn.h>

namespace atrium {

SharedLibrary::SharedLibrary(const char* soname) : soname_(soname) {
  handle_ = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): glibc keeps dlerror's message per thread
    const char* why = dlerror();
    throw std::runtime_error(why != nullptr ? why : "cannot load " + soname_);
  }
}

void* SharedLibrary::find(const char* name) const {
  void* address = dlsym(handle_, name);
  if (address == nullptr) throw std::runtime_error(soname_ + " has no " + name);
  return address;
}

}  // namespace atrium
