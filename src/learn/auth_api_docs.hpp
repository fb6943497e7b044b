#pragma once
// OpenAPI documentation of the Better Auth endpoints atrium serves under /api/auth (bodies and
// answers as shared/reference/better-auth.md §8 describes them). The routes themselves are
// registered by auth/; this only describes them, so the document is complete.

#include <string>

#include "learn/api_docs.hpp"

namespace atrium::learn {

void add_auth_docs(ApiDocs& docs, const std::string& base_path = "/api/auth");

}  // namespace atrium::learn
