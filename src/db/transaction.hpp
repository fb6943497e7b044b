#pragma once
// RAII transaction: commits only when commit() is called, rolls back on destruction otherwise
// (so an exception undoes everything). Nested transactions on the same connection become
// savepoints.

#include <string>

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

  // commit() and rollback() finish this level only; calling either on an outer transaction
  // while an inner one is still open is a DbError(other). A failed commit leaves the
  // transaction open, so the destructor still rolls it back.
  void commit();
  void rollback();
  bool nested() const { return !savepoint_.empty(); }
  Connection& connection() { return conn_; }

 private:
  Connection& conn_;
  std::string savepoint_;  // empty for the outermost transaction
  int level_ = 0;          // the connection's depth while this transaction is innermost
  bool done_ = false;
};

}  // namespace atrium::db
