#pragma once
// A revision's checksum: SHA-256 of its canonical operation list, recorded for both dialects,
// so it does not change when SQL formatting changes and does not depend on which database the
// revision ran on. Kept in atrium's own table, never in alembic_version.

#include <string>
#include <vector>

#include "migrate/revision.hpp"

namespace atrium::migrate {

// One line per operation, every field spelled out in a fixed order.
std::string canonical(const std::vector<Operation>& ops);

std::string checksum(const Revision& revision);

}  // namespace atrium::migrate
