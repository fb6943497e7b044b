#pragma once
// libcurl, loaded on first use. Linking it would make every start of the binary resolve
// libcurl and its dependencies (OpenSSL, GSSAPI/Kerberos, LDAP, nghttp2, ssh, …), which only
// ATRIUM_MAIL_TRANSPORT=smtp ever needs. The header still comes from curl/curl.h, for its types
// and constants; the functions are called only through this table, so a direct curl_… call
// fails to link.
//
// curl.h makes curl_easy_setopt and curl_easy_getinfo function-like macros (its GCC type
// checks, which call the linked function): call the members parenthesised,
// `(api.curl_easy_setopt)(…)`, so the macro does not expand.

#include <curl/curl.h>

namespace atrium::mail {

struct LibCurl {
// NOLINTNEXTLINE(bugprone-macro-parentheses): `name` is an identifier, `(name)` would not parse
#define ATRIUM_LIBCURL_FUNCTION(name) decltype(&::name) name;
#include "mail/libcurl_functions.inc"
#undef ATRIUM_LIBCURL_FUNCTION
};

// Loads libcurl.so.4 and runs curl_global_init on the first call (thread-safe); throws a
// permanent MailError if it cannot be loaded, lacks a function or fails to initialise, and tries
// again on the next call.
const LibCurl& libcurl();

}  // namespace atrium::mail
