#include "migrate/replay.hpp"

#include <algorithm>

namespace atrium::migrate {
namespace {

template <class T, class Pred>
void erase_if(std::vector<T>& v, Pred pred) {
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
}

bool mentions(const std::vector<std::string>& columns, const std::string& column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

void rename_in(std::vector<std::string>& columns, const std::string& from, const std::string& to) {
  for (auto& c : columns) {
    if (c == from) c = to;
  }
}

// The default as it exists on `dialect`: none if it belongs to another one.
std::optional<Default> default_on(const std::optional<Default>& value, Dialect dialect) {
  if (!value || !value->applies_to(dialect)) return std::nullopt;
  Default out = *value;
  out.only = std::nullopt;
  return out;
}

}  // namespace

Table for_dialect(Table table, Dialect dialect) {
  for (auto& c : table.columns) c.server_default = default_on(c.server_default, dialect);
  return table;
}

void apply_to_table(Table& t, const Operation& op, Dialect dialect,
                    std::map<std::string, std::string>* renamed) {
  if (const auto* add = std::get_if<AddColumn>(&op)) {
    Column c = add->column;
    c.server_default = default_on(add->column.server_default, dialect);
    t.columns.push_back(c);
    if (add->foreign_key) {
      ForeignKey fk = *add->foreign_key;
      fk.columns = {c.name};
      t.foreign_keys.push_back(fk);
    }
    if (add->unique) {
      UniqueConstraint u = *add->unique;
      u.columns = {c.name};
      t.uniques.push_back(u);
    }
  } else if (const auto* drop = std::get_if<DropColumn>(&op)) {
    const std::string& col = drop->column;
    erase_if(t.columns, [&](const Column& c) { return c.name == col; });
    erase_if(t.indexes, [&](const Index& i) { return mentions(i.columns, col); });
    erase_if(t.foreign_keys, [&](const ForeignKey& f) { return mentions(f.columns, col); });
    erase_if(t.uniques, [&](const UniqueConstraint& u) { return mentions(u.columns, col); });
    if (mentions(t.primary_key.columns, col)) t.primary_key = {};
    if (renamed) renamed->erase(col);
  } else if (const auto* alter = std::get_if<AlterColumn>(&op)) {
    Column* c = t.find_column(alter->column);
    if (!c) return;
    if (alter->type) c->type = *alter->type;
    if (alter->nullable) c->nullable = *alter->nullable;
    if (alter->server_default) c->server_default = default_on(*alter->server_default, dialect);
    if (alter->new_name && *alter->new_name != alter->column) {
      const std::string from = alter->column;
      const std::string& to = *alter->new_name;
      c->name = to;
      rename_in(t.primary_key.columns, from, to);
      for (auto& f : t.foreign_keys) rename_in(f.columns, from, to);
      for (auto& u : t.uniques) rename_in(u.columns, from, to);
      for (auto& i : t.indexes) {
        if (mentions(i.columns, from)) {
          rename_in(i.columns, from, to);
          i.sqlite_sql.clear();  // the stored text names the old column
        }
      }
      if (renamed) {
        auto it = renamed->find(from);
        const std::string original = it == renamed->end() ? from : it->second;
        if (it != renamed->end()) renamed->erase(it);
        (*renamed)[to] = original;
      }
    }
  } else if (const auto* ci = std::get_if<CreateIndex>(&op)) {
    erase_if(t.indexes, [&](const Index& i) { return i.name == ci->index.name; });
    t.indexes.push_back(ci->index);
  } else if (const auto* di = std::get_if<DropIndex>(&op)) {
    erase_if(t.indexes, [&](const Index& i) { return i.name == di->name; });
  } else if (const auto* cf = std::get_if<CreateForeignKey>(&op)) {
    t.foreign_keys.push_back(cf->foreign_key);
  } else if (const auto* cu = std::get_if<CreateUniqueConstraint>(&op)) {
    t.uniques.push_back(cu->unique);
  } else if (const auto* dc = std::get_if<DropConstraint>(&op)) {
    switch (dc->kind) {
      case ConstraintKind::foreign_key:
        erase_if(t.foreign_keys, [&](const ForeignKey& f) { return f.name == dc->name; });
        break;
      case ConstraintKind::unique:
        erase_if(t.uniques, [&](const UniqueConstraint& u) { return u.name == dc->name; });
        break;
      case ConstraintKind::check:
        erase_if(t.checks, [&](const CheckConstraint& c) { return c.name == dc->name; });
        break;
      case ConstraintKind::primary_key:
        t.primary_key = {};
        break;
    }
  }
}

void apply(Schema& schema, const Operation& op, Dialect dialect) {
  if (const auto* create = std::get_if<CreateTable>(&op)) {
    erase_if(schema.tables, [&](const Table& t) { return t.name == create->table.name; });
    schema.tables.push_back(for_dialect(create->table, dialect));
  } else if (const auto* drop = std::get_if<DropTable>(&op)) {
    erase_if(schema.tables, [&](const Table& t) { return t.name == drop->table; });
  } else if (const auto* rename = std::get_if<RenameTable>(&op)) {
    for (auto& t : schema.tables) {
      if (t.name == rename->from) {
        t.name = rename->to;
        for (auto& i : t.indexes) {
          i.table = rename->to;
          i.sqlite_sql.clear();
        }
      }
      for (auto& f : t.foreign_keys) {
        if (f.ref_table == rename->from) f.ref_table = rename->to;
      }
    }
  } else if (const auto* alter = std::get_if<AlterColumn>(&op)) {
    if (Table* t = schema.find(alter->table)) {
      apply_to_table(*t, op, dialect);
      if (alter->new_name) {
        for (auto& other : schema.tables) {
          for (auto& f : other.foreign_keys) {
            if (f.ref_table == alter->table)
              rename_in(f.ref_columns, alter->column, *alter->new_name);
          }
        }
      }
    }
  } else if (const auto* add = std::get_if<AddColumn>(&op)) {
    if (Table* t = schema.find(add->table)) apply_to_table(*t, op, dialect);
  } else if (const auto* dcol = std::get_if<DropColumn>(&op)) {
    if (Table* t = schema.find(dcol->table)) apply_to_table(*t, op, dialect);
  } else if (const auto* ci = std::get_if<CreateIndex>(&op)) {
    if (Table* t = schema.find(ci->index.table)) apply_to_table(*t, op, dialect);
  } else if (const auto* di = std::get_if<DropIndex>(&op)) {
    for (auto& t : schema.tables) {
      if (di->table.empty() || t.name == di->table) apply_to_table(t, op, dialect);
    }
  } else if (const auto* cf = std::get_if<CreateForeignKey>(&op)) {
    if (Table* t = schema.find(cf->table)) apply_to_table(*t, op, dialect);
  } else if (const auto* cu = std::get_if<CreateUniqueConstraint>(&op)) {
    if (Table* t = schema.find(cu->table)) apply_to_table(*t, op, dialect);
  } else if (const auto* dc = std::get_if<DropConstraint>(&op)) {
    if (Table* t = schema.find(dc->table)) apply_to_table(*t, op, dialect);
  }
}

}  // namespace atrium::migrate
