#pragma once
// The schema atrium ships, as one revision graph (reference: shared/reference/schema.md).

#include <vector>

#include "migrate/graph.hpp"
#include "migrate/revision.hpp"

namespace atrium::schema {

// Every shipped revision in manifest order (src/schema/revisions.cpp).
std::vector<migrate::Revision> revisions();

// The graph of revisions(), built once.
const migrate::RevisionGraph& graph();

}  // namespace atrium::schema
