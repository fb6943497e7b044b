#include "migrate/plan.hpp"

#include "migrate/errors.hpp"
#include "migrate/render.hpp"
#include "migrate/replay.hpp"

namespace atrium::migrate {

std::string altered_table(const Operation& op) {
  if (const auto* o = std::get_if<AddColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<DropColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<AlterColumn>(&op)) return o->table;
  if (const auto* o = std::get_if<CreateForeignKey>(&op)) return o->table;
  if (const auto* o = std::get_if<CreateUniqueConstraint>(&op)) return o->table;
  if (const auto* o = std::get_if<DropConstraint>(&op)) return o->table;
  return {};
}

bool may_rebuild(const std::vector<Operation>& ops) {
  for (const auto& op : ops) {
    if (!altered_table(op).empty() && sqlite_needs_rebuild(op, nullptr)) return true;
  }
  return false;
}

Unit next_unit(const std::vector<Operation>& ops, std::size_t index, Dialect dialect,
               const TableLookup& lookup) {
  const Operation& op = ops[index];
  Unit unit;
  unit.first = index;
  if (const auto* create = std::get_if<CreateTable>(&op); create && create->adopt) {
    unit.kind = Unit::Kind::adopt_table;
    return unit;
  }
  if (const auto* ci = std::get_if<CreateIndex>(&op)) {
    if (ci->adopt) {
      unit.kind = Unit::Kind::adopt_index;
      return unit;
    }
    if (ci->concurrently && dialect == Dialect::postgresql) {
      unit.kind = Unit::Kind::concurrent_index;
      unit.sql = native_sql(op, dialect);
      return unit;
    }
  }
  if (std::holds_alternative<BulkInsert>(op)) {
    unit.kind = Unit::Kind::bulk_insert;
    return unit;
  }
  if (std::holds_alternative<DataMigration>(op)) {
    unit.kind = Unit::Kind::data;
    return unit;
  }
  if (dialect == Dialect::sqlite) {
    const std::string table = altered_table(op);
    // Only an operation that may need a rebuild is worth a look at the live table.
    if (!table.empty() && sqlite_needs_rebuild(op, nullptr)) {
      std::optional<Table> current = lookup(table);
      if (sqlite_needs_rebuild(op, current ? &*current : nullptr)) {
        if (!current) throw MigrationError("table " + table + " does not exist");
        Table after = *current;
        std::map<std::string, std::string> renamed;
        std::size_t end = index;
        // Consecutive changes to the same table share one rebuild, as Alembic's batch does.
        while (end < ops.size() && altered_table(ops[end]) == table) {
          apply_to_table(after, ops[end], dialect, &renamed);
          ++end;
        }
        unit.kind = Unit::Kind::rebuild;
        unit.count = end - index;
        unit.table = table;
        unit.sql = sqlite_rebuild_sql(*current, after, renamed);
        return unit;
      }
    }
  }
  unit.sql = native_sql(op, dialect);
  return unit;
}

}  // namespace atrium::migrate
