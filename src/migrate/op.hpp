#pragma once
// Operations as data. A revision's upgrade/downgrade function records them on an Op; the same
// list is rendered per dialect, run online, printed offline, replayed into a Schema and hashed
// into the revision's checksum.

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "db/value.hpp"
#include "migrate/model.hpp"

namespace atrium::db {
class Connection;
}

namespace atrium::migrate {

struct CreateTable {
  Table table;
  // Take over an existing compatible table instead of failing (tables Better Auth made).
  bool adopt = false;
};
struct DropTable {
  std::string table;
};
struct RenameTable {
  std::string from;
  std::string to;
};
struct AddColumn {
  std::string table;
  Column column;
  std::optional<ForeignKey> foreign_key;   // on this column alone
  std::optional<UniqueConstraint> unique;  // on this column alone
};
struct DropColumn {
  std::string table;
  std::string column;
};
struct AlterColumn {
  std::string table;
  std::string column;
  std::optional<Type> type;
  std::optional<bool> nullable;
  std::optional<std::optional<Default>> server_default;  // set to nullopt-in-optional to drop
  std::optional<std::string> new_name;
  std::string postgresql_using;  // USING expression for a retype on PostgreSQL
};
struct CreateIndex {
  Index index;
  bool concurrently = false;  // PostgreSQL only; needs a non-transactional revision
  bool adopt = false;         // keep an identical existing index (tables Better Auth made)
};
struct DropIndex {
  std::string name;
  std::string table;
  bool concurrently = false;
};
struct CreateForeignKey {
  std::string table;
  ForeignKey foreign_key;
};
struct CreateUniqueConstraint {
  std::string table;
  UniqueConstraint unique;
};
enum class ConstraintKind { foreign_key, unique, check, primary_key };
struct DropConstraint {
  std::string table;
  std::string name;
  ConstraintKind kind = ConstraintKind::foreign_key;
};
// Raw SQL; an empty text means "nothing on this dialect".
struct Execute {
  std::string postgresql;
  std::string sqlite;
};
struct BulkInsert {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<db::Value>> rows;
};
// A data step with a live connection, inside the revision's transaction. `name` (and
// `version`, bumped when the code changes) is what the checksum sees of it.
struct DataMigration {
  std::string name;
  std::string version;
  std::function<void(db::Connection&)> run;
};

using Operation =
    std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                 CreateIndex, DropIndex, CreateForeignKey, CreateUniqueConstraint, DropConstraint,
                 Execute, BulkInsert, DataMigration>;

// A short human name of an operation for progress and error lines, e.g.
// `add_column chat_sessions.user_id`.
std::string describe(const Operation& op);

struct IndexOptions {
  bool unique = false;
  std::string where{};
  bool concurrently = false;
  bool adopt = false;
};

struct AlterOptions {
  std::optional<Type> type{};
  std::optional<bool> nullable{};
  std::optional<std::optional<Default>> server_default{};
  std::optional<std::string> new_name{};
  std::string postgresql_using{};
};

// The recorder handed to a revision's upgrade() and downgrade().
class Op {
 public:
  explicit Op(Dialect dialect) : dialect_(dialect) {}

  // The dialect the list is being recorded for. Revisions should rarely branch on it: logical
  // types and `execute` per dialect cover the differences, and the checksum is taken from the
  // list recorded for PostgreSQL and SQLite alike.
  Dialect dialect() const { return dialect_; }

  void create_table(Table table) { ops_.push_back(CreateTable{std::move(table), false}); }
  // Creates the table, or takes over an existing compatible one (see schema.md).
  void adopt_table(Table table) { ops_.push_back(CreateTable{std::move(table), true}); }
  void drop_table(std::string table) { ops_.push_back(DropTable{std::move(table)}); }
  void rename_table(std::string from, std::string to) {
    ops_.push_back(RenameTable{std::move(from), std::move(to)});
  }
  void add_column(std::string table, Column column) {
    ops_.push_back(AddColumn{std::move(table), std::move(column), std::nullopt, std::nullopt});
  }
  void add_column(std::string table, Column column, ForeignKey fk) {
    if (fk.columns.empty()) fk.columns = {column.name};
    ops_.push_back(AddColumn{std::move(table), std::move(column), std::move(fk), std::nullopt});
  }
  void drop_column(std::string table, std::string column) {
    ops_.push_back(DropColumn{std::move(table), std::move(column)});
  }
  void alter_column(std::string table, std::string column, AlterOptions options) {
    ops_.push_back(AlterColumn{std::move(table), std::move(column), std::move(options.type),
                               options.nullable, std::move(options.server_default),
                               std::move(options.new_name), std::move(options.postgresql_using)});
  }
  void create_index(std::string name, std::string table, std::vector<std::string> columns,
                    IndexOptions options = {}) {
    Index index;
    index.name = std::move(name);
    index.table = std::move(table);
    index.columns = std::move(columns);
    index.unique = options.unique;
    index.where = std::move(options.where);
    ops_.push_back(CreateIndex{std::move(index), options.concurrently, options.adopt});
  }
  void drop_index(std::string name, std::string table, bool concurrently = false) {
    ops_.push_back(DropIndex{std::move(name), std::move(table), concurrently});
  }
  void create_foreign_key(std::string name, std::string table, std::vector<std::string> columns,
                          std::string ref_table, std::vector<std::string> ref_columns,
                          FkAction on_delete = FkAction::no_action,
                          FkAction on_update = FkAction::no_action) {
    ops_.push_back(CreateForeignKey{
        std::move(table), ForeignKey{std::move(name), std::move(columns), std::move(ref_table),
                                     std::move(ref_columns), on_delete, on_update}});
  }
  void create_unique_constraint(std::string name, std::string table,
                                std::vector<std::string> columns) {
    ops_.push_back(CreateUniqueConstraint{std::move(table),
                                          UniqueConstraint{std::move(name), std::move(columns)}});
  }
  void drop_constraint(std::string name, std::string table, ConstraintKind kind) {
    ops_.push_back(DropConstraint{std::move(table), std::move(name), kind});
  }
  // The same SQL on both dialects.
  void execute(const std::string& sql) { ops_.push_back(Execute{sql, sql}); }
  void execute(std::string postgresql, std::string sqlite) {
    ops_.push_back(Execute{std::move(postgresql), std::move(sqlite)});
  }
  void bulk_insert(std::string table, std::vector<std::string> columns,
                   std::vector<std::vector<db::Value>> rows) {
    ops_.push_back(BulkInsert{std::move(table), std::move(columns), std::move(rows)});
  }
  void run_data_migration(std::string name, std::string version,
                          std::function<void(db::Connection&)> fn) {
    ops_.push_back(DataMigration{std::move(name), std::move(version), std::move(fn)});
  }

  const std::vector<Operation>& operations() const { return ops_; }
  std::vector<Operation> take() { return std::move(ops_); }

 private:
  Dialect dialect_;
  std::vector<Operation> ops_;
};

// A foreign key to add together with a column: fk("fk_name", "user", {"id"}, FkAction::cascade).
inline ForeignKey fk(std::string name, std::string ref_table, std::vector<std::string> ref_columns,
                     FkAction on_delete = FkAction::no_action,
                     FkAction on_update = FkAction::no_action) {
  return ForeignKey{std::move(name),        {},        std::move(ref_table),
                    std::move(ref_columns), on_delete, on_update};
}

}  // namespace atrium::migrate
