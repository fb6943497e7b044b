#pragma once
// libpq, loaded on first use. Linking it would make every start of the binary resolve libpq
// and its dependencies (OpenSSL, GSSAPI/Kerberos, LDAP, GnuTLS, …: about 7.5 k relocations and
// GnuTLS's constructor), which SQLite runs and commands that open no database never need. The
// header still comes from libpq-fe.h, for its types and constants; the functions are called
// only through this table, so a direct PQ… call fails to link.

#include <libpq-fe.h>

namespace atrium::db::postgres {

struct LibPq {
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is an identifier, `(name)` would not parse
#define ATRIUM_LIBPQ_FUNCTION(name) decltype(&::name) name;
#include "db/postgres/libpq_functions.inc"
#undef ATRIUM_LIBPQ_FUNCTION
};

// Loads libpq.so.5 on the first call (thread-safe); throws DbError if it cannot be loaded or
// lacks a function, and tries again on the next call.
const LibPq& libpq();

}  // namespace atrium::db::postgres
