#include "db/pool.hpp"

#include <algorithm>
#include <utility>

#include "db/error.hpp"

namespace atrium::db {

Pool::Pool(Factory factory, std::size_t max_size, std::chrono::milliseconds ping_after)
    : factory_(std::move(factory)),
      max_size_(max_size == 0 ? 1 : max_size),
      ping_after_(ping_after) {}

Pool::~Pool() = default;

std::size_t Pool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t Pool::idle_connections() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

std::size_t Pool::waiting_borrowers() const {
  std::lock_guard lock(mutex_);
  return waiters_.size();
}

std::unique_ptr<Connection> Pool::open_in_slot() {
  try {
    return factory_();
  } catch (...) {
    std::lock_guard lock(mutex_);
    release_slot_locked();
    throw;
  }
}

void Pool::release_slot_locked() {
  if (waiters_.empty()) {
    --open_;
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->slot = true;
  // Under the lock: once it is released the waiter may return and its Waiter be gone.
  next->ready.notify_one();
}

Lease Pool::acquire(std::chrono::milliseconds timeout) {
  // A "wait forever" timeout must not overflow the clock.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::min<std::chrono::milliseconds>(timeout, std::chrono::hours(24 * 365));
  std::unique_lock lock(mutex_);
  if (waiters_.empty() && !idle_.empty()) {
    // Most recently returned first: it is the one least likely to have timed out anywhere.
    Idle idle = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    const bool fresh = std::chrono::steady_clock::now() - idle.since < ping_after_;
    if (idle.conn->still_open() && (fresh || idle.conn->ping())) {
      return Lease(shared_from_this(), std::move(idle.conn));
    }
    // Dead: its slot goes to a new connection.
    idle.conn.reset();
    return Lease(shared_from_this(), open_in_slot());
  }
  if (waiters_.empty() && open_ < max_size_) {
    ++open_;
    lock.unlock();
    return Lease(shared_from_this(), open_in_slot());
  }
  Waiter me;
  waiters_.push_back(&me);
  if (!me.ready.wait_until(lock, deadline, [&] { return me.conn || me.slot; })) {
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
    throw DbError(DbErrorKind::pool_timeout, "",
                  "no database connection became free within " + std::to_string(timeout.count()) +
                      " ms: all " + std::to_string(max_size_) +
                      " connections of the pool are in use (a larger pool or shorter "
                      "transactions would help)");
  }
  std::unique_ptr<Connection> conn = std::move(me.conn);
  lock.unlock();
  // Handed over as it was given back, so it needs no ping.
  if (conn && conn->still_open()) return Lease(shared_from_this(), std::move(conn));
  conn.reset();
  return Lease(shared_from_this(), open_in_slot());
}

std::optional<Lease> Pool::try_acquire() {
  std::unique_lock lock(mutex_);
  if (idle_.empty() || std::chrono::steady_clock::now() - idle_.back().since >= ping_after_) {
    return std::nullopt;
  }
  Idle idle = std::move(idle_.back());
  idle_.pop_back();
  lock.unlock();
  if (idle.conn->still_open()) {
    idle.conn->wait_for_locks(false);
    return Lease(shared_from_this(), std::move(idle.conn));
  }
  // Dead: give its slot back rather than open a new connection here.
  give_back(std::move(idle.conn));
  return std::nullopt;
}

void Pool::give_back(std::unique_ptr<Connection> conn) {
  bool reusable = conn && !conn->is_broken() && conn->transaction_depth() == 0;
  if (reusable && conn->in_transaction()) {
    // Someone began a transaction by hand and walked away; never lend it out half-done.
    try {
      conn->rollback();
    } catch (...) {
      reusable = false;
    }
    reusable = reusable && !conn->in_transaction();
  }
  if (!reusable) {
    conn.reset();
    std::lock_guard lock(mutex_);
    release_slot_locked();
    return;
  }
  conn->wait_for_locks(true);  // whoever borrows it next may wait, unless try_acquire says not
  std::lock_guard lock(mutex_);
  if (!waiters_.empty()) {
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    next->conn = std::move(conn);
    next->ready.notify_one();  // under the lock, as in release_slot_locked
    return;
  }
  idle_.push_back(Idle{std::move(conn), std::chrono::steady_clock::now()});
}

Lease::Lease(std::shared_ptr<Pool> pool, std::unique_ptr<Connection> conn)
    : pool_(std::move(pool)), conn_(std::move(conn)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)), conn_(std::move(other.conn_)) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ && conn_) pool_->give_back(std::move(conn_));
    pool_ = std::move(other.pool_);
    conn_ = std::move(other.conn_);
  }
  return *this;
}

Lease::~Lease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_));
}

}  // namespace atrium::db
