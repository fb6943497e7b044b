#pragma once
// A bounded pool of connections. Borrowers wait up to a timeout for a free one, served in the
// order they came: a returned connection is handed to the longest waiter (a condition variable
// alone lets a newcomer take it first, and under load some borrowers then waited for seconds).
// A connection that died while idle (PostgreSQL restarted, its backend terminated) is noticed
// at checkout and replaced, so the borrower gets a working one.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "db/connection.hpp"
#include "db/database.hpp"

namespace atrium::db {

class Pool : public std::enable_shared_from_this<Pool> {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  // `ping_after`: a connection idle longer than this gets a round trip before it is handed
  // out; a younger one only gets the free check of its socket.
  Pool(Factory factory, std::size_t max_size,
       std::chrono::milliseconds ping_after = std::chrono::milliseconds(1000));
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Throws DbError(pool_timeout) when nothing frees up in time, or the factory's DbError when
  // a new connection cannot be opened.
  Lease acquire(std::chrono::milliseconds timeout);
  // An idle connection that needs no round trip to be trusted (returned within `ping_after`),
  // or nothing: never waits, never opens a connection. Its statements do not wait for locks
  // either (Connection::wait_for_locks(false)) until it is given back.
  std::optional<Lease> try_acquire();

  // Called by Lease (also after the Database is gone). A broken connection, or one left inside a
  // transaction that cannot be rolled back, is closed and its slot freed.
  void give_back(std::unique_ptr<Connection> conn);

  std::size_t max_size() const { return max_size_; }
  std::size_t open_connections() const;
  std::size_t idle_connections() const;
  std::size_t waiting_borrowers() const;

 private:
  struct Idle {
    std::unique_ptr<Connection> conn;
    std::chrono::steady_clock::time_point since;
  };

  // A borrower waiting its turn; lives on its own stack, so it is only touched under mutex_.
  struct Waiter {
    std::condition_variable ready;
    std::unique_ptr<Connection> conn;  // handed over by give_back
    bool slot = false;                 // or a slot to open a new connection in
  };

  std::unique_ptr<Connection> open_in_slot();  // a slot is already counted in open_
  // A slot freed by a connection that is gone: to the first waiter, else uncounted.
  void release_slot_locked();

  Factory factory_;
  const std::size_t max_size_;
  const std::chrono::milliseconds ping_after_;
  mutable std::mutex mutex_;
  std::deque<Waiter*> waiters_;
  std::deque<Idle> idle_;
  std::size_t open_ = 0;  // leased + idle + being opened
};

}  // namespace atrium::db
