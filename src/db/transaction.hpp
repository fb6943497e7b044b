#pragma once
// RAII transaction: commits only when commit() is called, rolls back on destruction otherwise
// (so an exception undoes everything). Nested transactions on the same connection become
// savepoints.

#include "db/connection.hpp"

namespace atrium::db {

enum class TxMode {
  deferred,   // SQLite BEGIN (DEFERRED): reads first, upgrades to a write lock on first write
  immediate,  // SQLite BEGIN IMMEDIATE: take the write lock now (avoids deadlock on upgrade)
};

class Transaction {
 public:
  explicit Transaction(Connection& conn, TxMode mode = TxMode::immediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();
  bool nested() const { return !savepoint_.empty(); }
  Connection& connection() { return conn_; }

 private:
  Connection& conn_;
  std::string savepoint_;  // empty for the outermost transaction
  bool done_ = false;
};

}  // namespace atrium::db
