#pragma once
// The schema as data: tables, columns with logical types, constraints and indexes. Revisions
// build these values, the renderer turns them into SQL per dialect, replaying a revision chain
// yields the Schema that `check` compares with the live database, and introspection reads a
// live database back into the same shape.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/dialect.hpp"

namespace atrium::migrate {

using db::Dialect;

enum class TypeKind {
  text,
  string,  // varchar(n)
  integer,
  big_integer,
  float_,  // double precision
  boolean,
  timestamp,  // with time zone
  uuid,
  json,
  raw,  // a spelling read from a live database, compared by meaning
};

struct Type {
  TypeKind kind = TypeKind::text;
  int length = 0;  // String(n)
  // Better Auth's own SQLite spellings (boolean -> integer, timestamp -> date, bigint kept), so
  // the tables atrium creates are the ones Better Auth's migrator would have made.
  bool better_auth = false;
  std::string raw;

  static Type of(TypeKind kind, int length = 0) {
    Type t;
    t.kind = kind;
    t.length = length;
    return t;
  }
  static Type text() { return of(TypeKind::text); }
  static Type string(int n) { return of(TypeKind::string, n); }
  static Type integer() { return of(TypeKind::integer); }
  static Type big_integer() { return of(TypeKind::big_integer); }
  static Type float_() { return of(TypeKind::float_); }
  static Type boolean() { return of(TypeKind::boolean); }
  static Type timestamp() { return of(TypeKind::timestamp); }
  static Type uuid() { return of(TypeKind::uuid); }
  static Type json() { return of(TypeKind::json); }
  static Type spelled(std::string spelling) {
    Type t = of(TypeKind::raw);
    t.raw = std::move(spelling);
    return t;
  }
  Type as_better_auth() const {
    Type t = *this;
    t.better_auth = true;
    return t;
  }
  bool operator==(const Type&) const = default;
};

// A server-side default. `only` restricts it to one dialect (Better Auth puts
// `default CURRENT_TIMESTAMP` on PostgreSQL and nothing on SQLite).
struct Default {
  enum class Kind {
    now,                // now() / strftime('%Y-%m-%dT%H:%M:%fZ','now'): ISO-8601 UTC ms text
    current_timestamp,  // CURRENT_TIMESTAMP, as Better Auth writes it
    boolean,
    integer,
    string,
    sql,  // an expression copied verbatim (also what introspection produces)
  };
  Kind kind = Kind::sql;
  bool boolean_value = false;
  std::int64_t integer_value = 0;
  std::string text;  // string literal value, or the SQL expression
  std::optional<Dialect> only;

  static Default of_kind(Kind kind) {
    Default d;
    d.kind = kind;
    return d;
  }
  static Default now() { return of_kind(Kind::now); }
  static Default current_timestamp() { return of_kind(Kind::current_timestamp); }
  static Default of(bool v) {
    Default d = of_kind(Kind::boolean);
    d.boolean_value = v;
    return d;
  }
  static Default of(std::int64_t v) {
    Default d = of_kind(Kind::integer);
    d.integer_value = v;
    return d;
  }
  static Default of_string(std::string v) {
    Default d = of_kind(Kind::string);
    d.text = std::move(v);
    return d;
  }
  static Default expression(std::string sql) {
    Default d = of_kind(Kind::sql);
    d.text = std::move(sql);
    return d;
  }
  Default only_on(Dialect d) const {
    Default copy = *this;
    copy.only = d;
    return copy;
  }
  bool applies_to(Dialect d) const { return !only || *only == d; }
  bool operator==(const Default&) const = default;
};

enum class FkAction { no_action, restrict, cascade, set_null, set_default };

struct ForeignKey {
  std::string name;  // may be empty (unnamed, as Better Auth writes them)
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  FkAction on_delete = FkAction::no_action;
  FkAction on_update = FkAction::no_action;
  bool operator==(const ForeignKey&) const = default;
};

struct UniqueConstraint {
  std::string name;  // may be empty
  std::vector<std::string> columns;
  bool operator==(const UniqueConstraint&) const = default;
};

struct CheckConstraint {
  std::string name;  // may be empty
  std::string expression;
  bool operator==(const CheckConstraint&) const = default;
};

struct PrimaryKey {
  std::string name;  // empty: the dialect's default name
  std::vector<std::string> columns;
  bool operator==(const PrimaryKey&) const = default;
};

struct Index {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  std::string where;  // partial index predicate, verbatim
  // Introspection only: the CREATE INDEX text stored by SQLite (replayed verbatim when a table
  // is rebuilt) and whether PostgreSQL marked it INVALID (a crashed CONCURRENTLY build).
  std::string sqlite_sql;
  bool valid = true;
  bool operator==(const Index&) const = default;
};

struct Column {
  std::string name;
  Type type;
  bool nullable = true;
  std::optional<Default> server_default;
  // An integer key the database generates: PostgreSQL `GENERATED BY DEFAULT AS IDENTITY`,
  // SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`.
  bool identity = false;

  Column() = default;
  Column(std::string n, Type t) : name(std::move(n)), type(std::move(t)) {}
  Column& not_null() {
    nullable = false;
    return *this;
  }
  Column& default_(Default d) {
    server_default = std::move(d);
    return *this;
  }
  Column& generated_identity() {
    identity = true;
    nullable = false;
    return *this;
  }
  bool operator==(const Column&) const = default;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  PrimaryKey primary_key;
  std::vector<ForeignKey> foreign_keys;
  std::vector<UniqueConstraint> uniques;
  std::vector<CheckConstraint> checks;
  std::vector<Index> indexes;
  // Introspection only (SQLite): triggers, recreated verbatim after a rebuild.
  std::vector<std::string> sqlite_triggers;

  Table() = default;
  explicit Table(std::string n) : name(std::move(n)) {}

  // Builders, so a revision reads like the table it creates.
  Table& column(Column c) {
    columns.push_back(std::move(c));
    return *this;
  }
  Table& primary(std::vector<std::string> cols, std::string constraint_name = {}) {
    primary_key = {std::move(constraint_name), std::move(cols)};
    return *this;
  }
  Table& foreign_key(std::string constraint_name, std::vector<std::string> cols,
                     std::string ref_table, std::vector<std::string> ref_cols,
                     FkAction on_delete = FkAction::no_action,
                     FkAction on_update = FkAction::no_action) {
    foreign_keys.push_back({std::move(constraint_name), std::move(cols), std::move(ref_table),
                            std::move(ref_cols), on_delete, on_update});
    return *this;
  }
  Table& unique(std::vector<std::string> cols, std::string constraint_name = {}) {
    uniques.push_back({std::move(constraint_name), std::move(cols)});
    return *this;
  }
  Table& check(std::string constraint_name, std::string expression) {
    checks.push_back({std::move(constraint_name), std::move(expression)});
    return *this;
  }

  const Column* find_column(std::string_view column) const;
  Column* find_column(std::string_view column);
  const Index* find_index(std::string_view index) const;
  bool operator==(const Table&) const = default;
};

struct Schema {
  std::vector<Table> tables;

  const Table* find(std::string_view table) const;
  Table* find(std::string_view table);
  bool operator==(const Schema&) const = default;
};

const char* to_sql(FkAction action);

}  // namespace atrium::migrate
