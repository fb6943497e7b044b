#pragma once
// The questionnaire catalog atrium ships (share/questionnaire/robotics-v1.json), compiled in so
// the binary needs no data directory; a unit test keeps the two identical.
// ATRIUM_QUESTIONNAIRE_FILE replaces it.

#include <string>
#include <string_view>

#include "core/config.hpp"
#include "learn/questionnaire.hpp"

namespace atrium::learn {

std::string_view default_catalog_json();

// ATRIUM_QUESTIONNAIRE_FILE when set, else the shipped catalog. Throws ConfigError.
Catalog load_configured_catalog(const EnvLookup& env);

}  // namespace atrium::learn
