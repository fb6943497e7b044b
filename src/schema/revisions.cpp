// The manifest: every revision, in order. `atrium db revision` adds new files' lines at the
// markers below. There is deliberately no static self-registration: a static library's linker
// would drop it, and the order would become invisible.

#include "schema/revisions.hpp"

namespace atrium::schema {

migrate::Revision revision_e58d1bdc4ddb();
migrate::Revision revision_7a3e5c2b9f10();
migrate::Revision revision_a1d4c6e8f203();
migrate::Revision revision_b2e5d7f9a314();
migrate::Revision revision_c3f6e8a0b425();
migrate::Revision revision_d4a7f9b1c536();
// atrium:declarations (new revisions are declared above this line)

std::vector<migrate::Revision> revisions() {
  return {
      revision_e58d1bdc4ddb(), revision_7a3e5c2b9f10(), revision_a1d4c6e8f203(),
      revision_b2e5d7f9a314(), revision_c3f6e8a0b425(), revision_d4a7f9b1c536(),
      // atrium:revisions (new revisions are listed above this line)
  };
}

const migrate::RevisionGraph& graph() {
  static const migrate::RevisionGraph instance(revisions());
  return instance;
}

}  // namespace atrium::schema
