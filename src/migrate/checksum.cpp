#include "migrate/checksum.hpp"

#include <sodium.h>

#include "migrate/render.hpp"

namespace atrium::migrate {
namespace {

// Length-prefixed so that no two different values serialise the same.
void put(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  out += '=';
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

void put_list(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  std::string inner;
  for (const auto& v : values) put(inner, "", v);
  put(out, key, inner);
}

std::string type_text(const Type& t) {
  return std::to_string(static_cast<int>(t.kind)) + "/" + std::to_string(t.length) + "/" +
         (t.better_auth ? "ba" : "") + "/" + t.raw;
}

std::string default_text(const std::optional<Default>& d) {
  if (!d) return "-";
  std::string out = std::to_string(static_cast<int>(d->kind)) + "/" +
                    (d->boolean_value ? "1" : "0") + "/" + std::to_string(d->integer_value) + "/" +
                    d->text + "/";
  if (d->only) out += std::string(db::to_string(*d->only));
  return out;
}

std::string column_text(const Column& c) {
  std::string out;
  put(out, "name", c.name);
  put(out, "type", type_text(c.type));
  put(out, "nullable", c.nullable ? "1" : "0");
  put(out, "default", default_text(c.server_default));
  put(out, "identity", c.identity ? "1" : "0");
  return out;
}

std::string fk_text(const ForeignKey& f) {
  std::string out;
  put(out, "name", f.name);
  put_list(out, "columns", f.columns);
  put(out, "ref_table", f.ref_table);
  put_list(out, "ref_columns", f.ref_columns);
  put(out, "on_delete", to_sql(f.on_delete));
  put(out, "on_update", to_sql(f.on_update));
  return out;
}

std::string index_text(const Index& i) {
  std::string out;
  put(out, "name", i.name);
  put(out, "table", i.table);
  put_list(out, "columns", i.columns);
  put(out, "unique", i.unique ? "1" : "0");
  put(out, "where", i.where);
  return out;
}

std::string table_text(const Table& t) {
  std::string out;
  put(out, "name", t.name);
  for (const auto& c : t.columns) put(out, "column", column_text(c));
  put(out, "pk_name", t.primary_key.name);
  put_list(out, "pk", t.primary_key.columns);
  for (const auto& f : t.foreign_keys) put(out, "fk", fk_text(f));
  for (const auto& u : t.uniques) {
    std::string inner;
    put(inner, "name", u.name);
    put_list(inner, "columns", u.columns);
    put(out, "unique", inner);
  }
  for (const auto& c : t.checks) {
    std::string inner;
    put(inner, "name", c.name);
    put(inner, "expression", c.expression);
    put(out, "check", inner);
  }
  return out;
}

struct Canonical {
  std::string operator()(const CreateTable& o) const {
    std::string out = "create_table:";
    put(out, "adopt", o.adopt ? "1" : "0");
    put(out, "table", table_text(o.table));
    return out;
  }
  std::string operator()(const DropTable& o) const {
    std::string out = "drop_table:";
    put(out, "table", o.table);
    return out;
  }
  std::string operator()(const RenameTable& o) const {
    std::string out = "rename_table:";
    put(out, "from", o.from);
    put(out, "to", o.to);
    return out;
  }
  std::string operator()(const AddColumn& o) const {
    std::string out = "add_column:";
    put(out, "table", o.table);
    put(out, "column", column_text(o.column));
    put(out, "fk", o.foreign_key ? fk_text(*o.foreign_key) : "-");
    put(out, "unique", o.unique ? o.unique->name : "-");
    return out;
  }
  std::string operator()(const DropColumn& o) const {
    std::string out = "drop_column:";
    put(out, "table", o.table);
    put(out, "column", o.column);
    return out;
  }
  std::string operator()(const AlterColumn& o) const {
    std::string out = "alter_column:";
    put(out, "table", o.table);
    put(out, "column", o.column);
    put(out, "type", o.type ? type_text(*o.type) : "-");
    put(out, "nullable", o.nullable ? (*o.nullable ? "1" : "0") : "-");
    put(out, "default", o.server_default ? default_text(*o.server_default) : "unchanged");
    put(out, "new_name", o.new_name ? *o.new_name : "-");
    put(out, "using", o.postgresql_using);
    return out;
  }
  std::string operator()(const CreateIndex& o) const {
    std::string out = "create_index:";
    put(out, "index", index_text(o.index));
    put(out, "concurrently", o.concurrently ? "1" : "0");
    put(out, "adopt", o.adopt ? "1" : "0");
    return out;
  }
  std::string operator()(const DropIndex& o) const {
    std::string out = "drop_index:";
    put(out, "name", o.name);
    put(out, "table", o.table);
    put(out, "concurrently", o.concurrently ? "1" : "0");
    return out;
  }
  std::string operator()(const CreateForeignKey& o) const {
    std::string out = "create_foreign_key:";
    put(out, "table", o.table);
    put(out, "fk", fk_text(o.foreign_key));
    return out;
  }
  std::string operator()(const CreateUniqueConstraint& o) const {
    std::string out = "create_unique_constraint:";
    put(out, "table", o.table);
    put(out, "name", o.unique.name);
    put_list(out, "columns", o.unique.columns);
    return out;
  }
  std::string operator()(const DropConstraint& o) const {
    std::string out = "drop_constraint:";
    put(out, "table", o.table);
    put(out, "name", o.name);
    put(out, "kind", std::to_string(static_cast<int>(o.kind)));
    return out;
  }
  std::string operator()(const Execute& o) const {
    std::string out = "execute:";
    put(out, "postgresql", o.postgresql);
    put(out, "sqlite", o.sqlite);
    return out;
  }
  std::string operator()(const BulkInsert& o) const {
    std::string out = "bulk_insert:";
    put(out, "table", o.table);
    put_list(out, "columns", o.columns);
    // Literal SQL is a stable spelling of each value.
    for (const auto& row : o.rows) {
      std::vector<std::string> cells;
      cells.reserve(row.size());
      for (const auto& v : row) cells.push_back(literal_sql(v, Dialect::postgresql));
      put_list(out, "row", cells);
    }
    return out;
  }
  std::string operator()(const DataMigration& o) const {
    std::string out = "data_migration:";
    put(out, "name", o.name);
    put(out, "version", o.version);
    return out;
  }
};

}  // namespace

std::string canonical(const std::vector<Operation>& ops) {
  std::string out;
  for (const auto& op : ops) {
    out += std::visit(Canonical{}, op);
    out += '\n';
  }
  return out;
}

std::string checksum(const Revision& revision) {
  std::string text;
  for (Dialect d : {Dialect::postgresql, Dialect::sqlite}) {
    Op op(d);
    if (revision.upgrade) revision.upgrade(op);
    text += canonical(op.operations());
    text += "--\n";
  }
  text += revision.transactional ? "transactional\n" : "non-transactional\n";
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : hash) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace atrium::migrate
