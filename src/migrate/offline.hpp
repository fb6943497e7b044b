#pragma once
// `--sql`: the exact script an online run would execute, transaction boundaries and
// version-table statements included, without touching a database (the URL or --dialect only
// chooses the dialect). SQLite rebuilds are rendered from the schema the earlier revisions
// imply, so unlike Alembic's batch mode they need no live connection.

#include <functional>
#include <string>
#include <string_view>

#include "migrate/graph.hpp"

namespace atrium::migrate {

struct OfflineOptions {
  Dialect dialect = Dialect::sqlite;
  std::string version_table = "alembic_version";
  std::function<void(const std::string&)> log;  // "Running upgrade …" lines
};

// `range` is a target ("head") or "<from>:<to>"; without a start the script begins at base
// and creates the version table, as Alembic's does.
std::string offline_upgrade(const RevisionGraph& graph, std::string_view range,
                            const OfflineOptions& options);
// `range` must be "<from>:<to>" (Alembic: "downgrade with --sql requires <fromrev>:<torev>").
std::string offline_downgrade(const RevisionGraph& graph, std::string_view range,
                              const OfflineOptions& options);

}  // namespace atrium::migrate
