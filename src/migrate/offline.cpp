#include "migrate/offline.hpp"

#include <set>

#include "migrate/checksum.hpp"
#include "migrate/errors.hpp"
#include "migrate/identifier.hpp"
#include "migrate/plan.hpp"
#include "migrate/render.hpp"
#include "migrate/replay.hpp"
#include "migrate/runner.hpp"
#include "migrate/version_table.hpp"

namespace atrium::migrate {
namespace {

std::vector<Operation> record(const Revision& rev, bool upgrade, Dialect dialect) {
  Op op(dialect);
  const auto& fn = upgrade ? rev.upgrade : rev.downgrade;
  if (fn) fn(op);
  return op.take();
}

class Script {
 public:
  explicit Script(const OfflineOptions& options)
      : options_(options), version_(options.version_table) {}

  void statement(const std::string& sql) { out_ += sql + ";\n\n"; }
  void comment(const std::string& text) { out_ += "-- " + text + "\n\n"; }

  void step(const RevisionGraph& graph, const std::string& id, bool upgrade, Schema& model,
            std::set<std::string>& heads) {
    const Dialect dialect = options_.dialect;
    const Revision& rev = graph.at(id);
    const std::string line = step_line(graph, id, upgrade);
    if (options_.log) options_.log(line);
    // Alembic's offline comment has no doc line.
    const auto comma = line.find(", ", line.find("->"));
    comment(comma == std::string::npos ? line : line.substr(0, comma));
    auto ops = record(rev, upgrade, dialect);
    const bool transactional = rev.transactional || dialect == Dialect::sqlite;
    const bool fk_off = dialect == Dialect::sqlite && may_rebuild(ops);
    if (fk_off) statement("PRAGMA foreign_keys=OFF");
    if (transactional) begin();
    TableLookup lookup = [&model](const std::string& table) -> std::optional<Table> {
      if (const Table* t = model.find(table)) return *t;
      return std::nullopt;
    };
    std::size_t i = 0;
    while (i < ops.size()) {
      const Unit unit = next_unit(ops, i, dialect, lookup);
      switch (unit.kind) {
        case Unit::Kind::statements:
        case Unit::Kind::rebuild:
        case Unit::Kind::concurrent_index:
          for (const auto& sql : unit.sql) statement(sql);
          break;
        case Unit::Kind::adopt_table: {
          const auto& create = std::get<CreateTable>(ops[i]);
          comment("adopts " + quote_ident(create.table.name) +
                  " if it exists; offline, its compatibility is not verified: run `atrium db "
                  "check` afterwards");
          statement(create_table_sql(for_dialect(create.table, dialect), dialect, true));
          break;
        }
        case Unit::Kind::adopt_index:
          statement(create_index_sql(std::get<CreateIndex>(ops[i]).index, dialect, false, true));
          break;
        case Unit::Kind::bulk_insert:
          statement(bulk_insert_sql(std::get<BulkInsert>(ops[i]), dialect));
          break;
        case Unit::Kind::data:
          comment("data migration " + std::get<DataMigration>(ops[i]).name +
                  " runs only online (atrium db upgrade)");
          break;
      }
      for (std::size_t k = unit.first; k < unit.first + unit.count; ++k)
        apply(model, ops[k], dialect);
      i += unit.count;
    }
    if (!transactional) begin();
    for (const auto& change : graph.step(heads, id, upgrade)) {
      statement(version_.offline_sql(change, dialect));
    }
    statement(upgrade ? ChecksumTable::record_sql(id, checksum(rev))
                      : ChecksumTable::forget_sql(id));
    if (fk_off) statement("PRAGMA foreign_key_check");
    statement("COMMIT");
    if (fk_off) statement("PRAGMA foreign_keys=ON");
  }

  void begin() {
    statement("BEGIN");
    if (options_.dialect == Dialect::postgresql) {
      statement("SELECT pg_advisory_xact_lock(1096045129, hashtext(" +
                quote_literal(options_.version_table) + "))");
    }
  }

  const VersionTable& version() const { return version_; }
  std::string take() { return std::move(out_); }

 private:
  const OfflineOptions& options_;
  VersionTable version_;
  std::string out_;
};

std::pair<std::string, std::string> split_range(std::string_view range) {
  const auto colon = range.find(':');
  if (colon == std::string_view::npos) return {{}, std::string(range)};
  return {std::string(range.substr(0, colon)), std::string(range.substr(colon + 1))};
}

}  // namespace

std::string offline_upgrade(const RevisionGraph& graph, std::string_view range,
                            const OfflineOptions& options) {
  auto [from, to] = split_range(range);
  std::vector<std::string> start;
  std::vector<std::string> targets;
  std::vector<std::string> path;
  try {
    if (!from.empty()) start = graph.get_revisions(from);
    targets = graph.upgrade_targets(start, to.empty() ? "heads" : to);
    path = graph.upgrade_path(start, targets);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  Script script(options);
  if (start.empty()) {
    script.statement(script.version().create_sql(true));
  }
  script.statement(ChecksumTable::create_sql());
  Schema model = implied_schema(graph, graph.applied(start), options.dialect);
  std::set<std::string> heads(start.begin(), start.end());
  for (const auto& id : path) script.step(graph, id, true, model, heads);
  return script.take();
}

std::string offline_downgrade(const RevisionGraph& graph, std::string_view range,
                              const OfflineOptions& options) {
  auto [from, to] = split_range(range);
  if (range.find(':') == std::string_view::npos || from.empty()) {
    throw RevisionError("downgrade with --sql requires <fromrev>:<torev>", true);
  }
  std::vector<std::string> start;
  std::vector<std::string> path;
  try {
    start = graph.get_revisions(from);
    auto target = graph.downgrade_target(start, to);
    path = graph.downgrade_path(start, target);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  Script script(options);
  Schema model = implied_schema(graph, graph.applied(start), options.dialect);
  std::set<std::string> heads(start.begin(), start.end());
  for (const auto& id : path) script.step(graph, id, false, model, heads);
  if (heads.empty()) {
    script.statement("DROP TABLE " + quote_ident(options.version_table));
    script.statement(std::string("DROP TABLE ") + kChecksumTable);
  }
  return script.take();
}

}  // namespace atrium::migrate
