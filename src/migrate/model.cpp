#include "migrate/model.hpp"

namespace atrium::migrate {

const Column* Table::find_column(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

Column* Table::find_column(std::string_view column) {
  for (auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const Index* Table::find_index(std::string_view index) const {
  for (const auto& i : indexes) {
    if (i.name == index) return &i;
  }
  return nullptr;
}

const Table* Schema::find(std::string_view table) const {
  for (const auto& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

Table* Schema::find(std::string_view table) {
  for (auto& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

const char* to_sql(FkAction action) {
  switch (action) {
    case FkAction::no_action:
      return "NO ACTION";
    case FkAction::restrict:
      return "RESTRICT";
    case FkAction::cascade:
      return "CASCADE";
    case FkAction::set_null:
      return "SET NULL";
    case FkAction::set_default:
      return "SET DEFAULT";
  }
  return "NO ACTION";
}

}  // namespace atrium::migrate
