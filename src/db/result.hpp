#pragma once
// Rows read from a query, fully materialised so the connection is free again at once.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/value.hpp"

namespace atrium::db {

class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const Value& operator[](std::size_t i) const;
  const Value& operator[](std::string_view column) const;
  bool is_null(std::size_t i) const { return db::is_null((*this)[i]); }
  bool is_null(std::string_view column) const { return db::is_null((*this)[column]); }

  // Typed access; converts where the drivers differ in spelling (SQLite returns booleans as
  // integers, PostgreSQL returns numerics as int64/double). Throws DbError(other) on NULL or a
  // value that cannot convert.
  std::string text(std::size_t i) const;
  std::string text(std::string_view column) const { return text(index_of(column)); }
  std::int64_t integer(std::size_t i) const;
  std::int64_t integer(std::string_view column) const { return integer(index_of(column)); }
  double real(std::size_t i) const;
  double real(std::string_view column) const { return real(index_of(column)); }
  bool boolean(std::size_t i) const;
  bool boolean(std::string_view column) const { return boolean(index_of(column)); }
  Blob blob(std::size_t i) const;
  Blob blob(std::string_view column) const { return blob(index_of(column)); }

  // The text itself, without a copy, while the row lives; nullopt when the value is not text
  // (the caller then converts with text()).
  std::optional<std::string_view> text_view(std::string_view column) const;
  // text(), moving a stored string out instead of copying it (the row keeps an empty one):
  // for reading each column of a row once into a model.
  std::string take_text(std::string_view column);
  std::optional<std::string> take_opt_text(std::string_view column);

  std::optional<std::string> opt_text(std::string_view column) const;
  std::optional<std::int64_t> opt_integer(std::string_view column) const;
  std::optional<double> opt_real(std::string_view column) const;
  std::optional<bool> opt_boolean(std::string_view column) const;

  std::size_t index_of(std::string_view column) const;  // throws DbError(other) if absent
  const std::vector<std::string>& columns() const { return *columns_; }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct Result {
  std::shared_ptr<const std::vector<std::string>> columns;
  std::vector<Row> rows;
  std::int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  const Row& operator[](std::size_t i) const { return rows.at(i); }
  Row& operator[](std::size_t i) { return rows.at(i); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

}  // namespace atrium::db
