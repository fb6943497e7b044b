#include "migrate/op.hpp"

namespace atrium::migrate {

std::string describe(const Operation& op) {
  struct Visitor {
    std::string operator()(const CreateTable& o) const {
      return (o.adopt ? "create_table (adopt) " : "create_table ") + o.table.name;
    }
    std::string operator()(const DropTable& o) const { return "drop_table " + o.table; }
    std::string operator()(const RenameTable& o) const {
      return "rename_table " + o.from + " -> " + o.to;
    }
    std::string operator()(const AddColumn& o) const {
      return "add_column " + o.table + "." + o.column.name;
    }
    std::string operator()(const DropColumn& o) const {
      return "drop_column " + o.table + "." + o.column;
    }
    std::string operator()(const AlterColumn& o) const {
      return "alter_column " + o.table + "." + o.column;
    }
    std::string operator()(const CreateIndex& o) const {
      return "create_index " + o.index.name + " on " + o.index.table;
    }
    std::string operator()(const DropIndex& o) const { return "drop_index " + o.name; }
    std::string operator()(const CreateForeignKey& o) const {
      return "create_foreign_key " + o.foreign_key.name + " on " + o.table;
    }
    std::string operator()(const CreateUniqueConstraint& o) const {
      return "create_unique_constraint " + o.unique.name + " on " + o.table;
    }
    std::string operator()(const DropConstraint& o) const {
      return "drop_constraint " + o.name + " on " + o.table;
    }
    std::string operator()(const Execute&) const { return "execute"; }
    std::string operator()(const BulkInsert& o) const { return "bulk_insert " + o.table; }
    std::string operator()(const DataMigration& o) const { return "data_migration " + o.name; }
  };
  return std::visit(Visitor{}, op);
}

}  // namespace atrium::migrate
