#include "db/transaction.hpp"

#include "db/error.hpp"

namespace atrium::db {

Transaction::Transaction(Connection& conn, TxMode mode) : conn_(conn) {
  if (conn_.depth_ == 0) {
    conn_.begin(mode == TxMode::immediate);
  } else {
    savepoint_ = "atrium_sp_" + std::to_string(conn_.depth_);
    conn_.savepoint(savepoint_);
  }
  level_ = ++conn_.depth_;
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    rollback();
  } catch (...) {
    // The connection is most likely gone; the pool discards a broken connection, and a
    // destructor must not throw.
  }
}

namespace {

void require_innermost(int level, int depth, const char* what) {
  if (level != depth) {
    throw DbError(DbErrorKind::other, "",
                  std::string("cannot ") + what +
                      " a transaction while a nested transaction inside it is still open");
  }
}

}  // namespace

void Transaction::commit() {
  if (done_) throw DbError(DbErrorKind::other, "", "the transaction is already finished");
  require_innermost(level_, conn_.depth_, "commit");
  if (nested()) {
    conn_.release(savepoint_);
  } else {
    conn_.commit();
  }
  done_ = true;
  --conn_.depth_;
}

void Transaction::rollback() {
  if (done_) return;
  require_innermost(level_, conn_.depth_, "roll back");
  // Whatever happens below, this level is over: a failed ROLLBACK means the connection is
  // broken and its transaction gone with it.
  done_ = true;
  --conn_.depth_;
  if (nested()) {
    conn_.rollback_to(savepoint_);
    conn_.release(savepoint_);
  } else {
    conn_.rollback();
  }
}

}  // namespace atrium::db
