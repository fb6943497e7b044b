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

std::unique_ptr<Connection> Pool::open_in_slot() {
  try {
    return factory_();
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    freed_.notify_one();
    throw;
  }
}

Lease Pool::acquire(std::chrono::milliseconds timeout) {
  // A "wait forever" timeout must not overflow the clock.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::min<std::chrono::milliseconds>(timeout, std::chrono::hours(24 * 365));
  std::unique_lock lock(mutex_);
  const bool available =
      freed_.wait_until(lock, deadline, [&] { return !idle_.empty() || open_ < max_size_; });
  if (!available) {
    throw DbError(DbErrorKind::pool_timeout, "",
                  "no database connection became free within " + std::to_string(timeout.count()) +
                      " ms: all " + std::to_string(max_size_) +
                      " connections of the pool are in use (a larger pool or shorter "
                      "transactions would help)");
  }
  if (idle_.empty()) {
    ++open_;
    lock.unlock();
    return Lease(shared_from_this(), open_in_slot());
  }
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
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    freed_.notify_one();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(Idle{std::move(conn), std::chrono::steady_clock::now()});
  }
  freed_.notify_one();
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
