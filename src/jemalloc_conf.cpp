// jemalloc's options for the atrium binary, read from this symbol when the allocator starts
// (CMakeLists.txt links jemalloc into the binary alone; tests and sanitizer builds keep glibc's).
//
// One arena for every thread: each thread's cache takes the small allocations without a lock,
// and what one thread frees another reuses. With an arena per core, or with mimalloc's heap
// per thread, the sign-in workers' first requests touched fresh pages of their own (0.2 and
// 1.3 MiB over get-session's footprint, where the target allows nothing beyond the hashes).

extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's declaration
const char* malloc_conf = "narenas:1";
}
