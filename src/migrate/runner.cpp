#include "migrate/runner.hpp"

#include <algorithm>
#include <cstdio>

#include "db/connection.hpp"
#include "db/error.hpp"
#include "db/transaction.hpp"
#include "migrate/checksum.hpp"
#include "migrate/errors.hpp"
#include "migrate/identifier.hpp"
#include "migrate/introspect.hpp"
#include "migrate/plan.hpp"
#include "migrate/render.hpp"
#include "migrate/replay.hpp"

namespace atrium::migrate {
namespace {

// First key of PostgreSQL's two-key advisory lock: "ATRI". The second is a hash of the
// version table's name, so separate revision graphs in one database do not block each other.
constexpr long kLockClass = 0x41545249;

// A failure inside one unit of work; run_operations adds the revision and operation.
struct StepFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Statements sent together failed: the step is rolled back and run again one statement at a
// time, which names the failing operation and statement exactly.
struct BatchFailed {};

std::string one_line(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  std::string out;
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

std::string duration_text(std::chrono::steady_clock::duration d) {
  const double ms = std::chrono::duration<double, std::milli>(d).count();
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000);
  }
  return buf;
}

std::string lock_sql(const std::string& version_table, std::chrono::milliseconds wait,
                     bool session) {
  return "SET " + std::string(session ? "" : "LOCAL ") + "lock_timeout = '" +
         std::to_string(wait.count()) + "ms'; SELECT " +
         (session ? "pg_advisory_lock(" : "pg_advisory_xact_lock(") + std::to_string(kLockClass) +
         ", hashtext(" + quote_literal(version_table) + "))";
}

// One revision's transaction, opened with its lock in one round trip and rolled back unless
// committed. (db::Transaction would spend a round trip on BEGIN alone; each one counts when a
// busy machine schedules the server and the client in turn.)
class StepTransaction {
 public:
  StepTransaction(db::Connection& conn, const std::string& begin) : conn_(conn) {
    conn_.execute_script(begin);
    open_ = true;
  }
  ~StepTransaction() { rollback(); }
  StepTransaction(const StepTransaction&) = delete;
  StepTransaction& operator=(const StepTransaction&) = delete;

  // Runs `last` (the statements that close the step) and COMMIT together.
  void commit(const std::string& last) {
    conn_.execute_script(last + "; COMMIT");
    open_ = false;
  }
  void rollback() {
    if (!open_) return;
    open_ = false;
    try {
      conn_.execute_script("ROLLBACK");
    } catch (...) {
      // The connection is gone or the transaction already ended: nothing to undo here.
    }
  }

 private:
  db::Connection& conn_;
  bool open_ = false;
};

std::vector<Operation> record(const Revision& rev, bool upgrade, Dialect dialect) {
  Op op(dialect);
  const auto& fn = upgrade ? rev.upgrade : rev.downgrade;
  if (fn) fn(op);
  return op.take();
}

}  // namespace

std::string step_line(const RevisionGraph& graph, const std::string& revision, bool upgrade) {
  const Revision& rev = graph.at(revision);
  const std::string downs = join(rev.down_revisions, ", ");
  std::string line = upgrade ? "Running upgrade " + downs + " -> " + revision
                             : "Running downgrade " + revision + " -> " + downs;
  if (!rev.doc().empty()) line += ", " + rev.doc();
  return line;
}

Schema implied_schema(const RevisionGraph& graph, const std::vector<std::string>& revisions,
                      Dialect dialect) {
  Schema schema;
  for (const auto& id : revisions) {
    for (const auto& op : record(graph.at(id), true, dialect)) apply(schema, op, dialect);
  }
  return schema;
}

std::set<std::string> adopted_tables(const RevisionGraph& graph,
                                     const std::vector<std::string>& revisions) {
  std::set<std::string> out;
  for (const auto& id : revisions) {
    for (const auto& op : record(graph.at(id), true, Dialect::postgresql)) {
      if (const auto* c = std::get_if<CreateTable>(&op); c && c->adopt) out.insert(c->table.name);
    }
  }
  return out;
}

Runner::Runner(const RevisionGraph& graph, db::Connection& conn, RunnerOptions options)
    : graph_(graph), conn_(conn), options_(std::move(options)), version_(options_.version_table) {}

void Runner::probe_engine_tables() {
  if (version_table_known_ && checksum_table_known_) return;
  const auto found = migrate::existing_tables(conn_, {version_.name(), kChecksumTable});
  if (found.count(version_.name())) version_table_known_ = true;
  if (found.count(kChecksumTable)) checksum_table_known_ = true;
}

std::vector<std::string> Runner::read_heads() {
  probe_engine_tables();
  if (!version_table_known_) return {};
  return version_.read(conn_, true);
}

std::vector<std::string> Runner::stored_heads() {
  return read_heads();
}

void Runner::validate(const std::vector<std::string>& heads) const {
  for (const auto& h : heads) graph_.get_revisions(h);
}

std::vector<std::string> Runner::changed_revisions(const std::vector<std::string>& heads) {
  std::vector<std::string> out;
  probe_engine_tables();
  if (!checksum_table_known_) return out;
  const auto stored = ChecksumTable::read(conn_, true);
  if (stored.empty()) return out;
  for (const auto& id : graph_.applied(heads)) {
    auto it = stored.find(id);
    if (it != stored.end() && it->second != checksum(graph_.at(id))) out.push_back(id);
  }
  return out;
}

int Runner::upgrade(std::string_view target) {
  auto heads = stored_heads();
  validate(heads);
  std::vector<std::string> targets;
  try {
    targets = graph_.upgrade_targets(heads, target);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  for (const auto& id : changed_revisions(heads)) {
    log("WARNING: revision " + id +
        " was changed after it was applied (its operations differ from the checksum recorded "
        "when it ran); the database keeps what ran then. Run `atrium db check`.");
  }
  int applied = 0;
  for (;;) {
    auto path = graph_.upgrade_path(heads, targets);
    if (path.empty()) break;
    if (apply_step(path.front(), true, heads) == Outcome::applied) ++applied;
  }
  return applied;
}

int Runner::downgrade(std::string_view target) {
  auto heads = stored_heads();
  validate(heads);
  // Alembic walks down from the first stored head and warns (a UserWarning, exit status
  // unchanged) that the choice is arbitrary; so does atrium.
  if (heads.size() > 1 && target.starts_with('-')) {
    log("WARNING: downgrade -1 from multiple heads is ambiguous; this usage will be disallowed "
        "in a future release.");
  }
  RevisionGraph::DowngradeTarget dt;
  try {
    dt = graph_.downgrade_target(heads, target);
    graph_.downgrade_path(heads, dt);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  int applied = 0;
  for (;;) {
    auto path = graph_.downgrade_path(heads, dt);
    if (path.empty()) break;
    if (apply_step(path.front(), false, heads) == Outcome::applied) ++applied;
  }
  return applied;
}

std::string Runner::begin_sql() const {
  if (conn_.dialect() == Dialect::sqlite) return "BEGIN IMMEDIATE";
  return "BEGIN; " + lock_sql(version_.name(), options_.lock_wait, false);
}

void Runner::lock_in_transaction() {
  conn_.execute_script(lock_sql(version_.name(), options_.lock_wait, false));
}

Runner::Outcome Runner::apply_step(const std::string& revision, bool upgrade,
                                   std::vector<std::string>& heads) {
  try {
    return apply_step_once(revision, upgrade, heads);
  } catch (const BatchFailed&) {
    // Nothing of the step remains (its transaction was rolled back); run it again statement
    // by statement to report exactly what failed.
    batch_ = false;
    struct Restore {
      bool& flag;
      ~Restore() { flag = true; }
    } restore{batch_};
    return apply_step_once(revision, upgrade, heads);
  }
}

Runner::Outcome Runner::apply_step_once(const std::string& revision, bool upgrade,
                                        std::vector<std::string>& heads) {
  const Revision& rev = graph_.at(revision);
  const Dialect dialect = conn_.dialect();
  auto ops = record(rev, upgrade, dialect);
  if (!rev.transactional && dialect == Dialect::postgresql) {
    return apply_non_transactional(rev, upgrade, ops, heads);
  }
  const auto started = std::chrono::steady_clock::now();
  // SQLite's procedure for a table rebuild: foreign keys off before the transaction (the
  // pragma is a no-op inside one), so dropping the old table fires no cascade.
  const bool fk_off = dialect == Dialect::sqlite && may_rebuild(ops);
  bool fk_was_on = false;
  if (fk_off) {
    fk_was_on = conn_.query("PRAGMA foreign_keys")[0].integer(0) != 0;
    conn_.execute_script("PRAGMA foreign_keys=OFF");
  }
  struct RestoreForeignKeys {
    db::Connection& conn;
    bool on;
    ~RestoreForeignKeys() {
      if (!on) return;
      try {
        conn.execute_script("PRAGMA foreign_keys=ON");
      } catch (...) {
      }
    }
  } restore{conn_, fk_off && fk_was_on};

  std::set<std::string> after(heads.begin(), heads.end());
  // A step that fails may have been the one creating the engine tables: look again next time.
  struct ForgetUnlessDone {
    Runner& runner;
    bool done = false;
    ~ForgetUnlessDone() {
      if (!done) runner.version_table_known_ = runner.checksum_table_known_ = false;
    }
  } forget{*this};
  try {
    StepTransaction tx(conn_, begin_sql());
    // Read again under the lock: another runner may have moved the database meanwhile.
    const auto fresh = read_heads();
    if (std::set<std::string>(fresh.begin(), fresh.end()) != after) {
      validate(fresh);
      heads = fresh;
      tx.rollback();
      return Outcome::raced;
    }
    std::string setup;
    if (!version_table_known_) setup += version_.create_sql(false) + ";\n";
    if (!checksum_table_known_) setup += ChecksumTable::create_sql() + ";\n";
    if (dialect == Dialect::postgresql && rev.lock_timeout) {
      setup += "SET LOCAL lock_timeout = '" + std::to_string(rev.lock_timeout->count()) + "ms'";
    }
    if (!setup.empty()) conn_.execute_script(setup);
    version_table_known_ = checksum_table_known_ = true;
    run_operations(rev, ops, true);
    for (const auto& change : graph_.step(after, revision, upgrade)) version_.apply(conn_, change);
    if (fk_off) {
      auto broken = conn_.query("PRAGMA foreign_key_check");
      if (!broken.empty()) {
        throw MigrationError("revision " + revision + " (" + rev.doc() +
                             "): the rebuilt tables break " + std::to_string(broken.size()) +
                             " foreign key reference(s), first in table " + broken[0].text(0) +
                             "; rolled back");
      }
    }
    tx.commit(upgrade ? ChecksumTable::record_sql(revision, checksum(rev))
                      : ChecksumTable::forget_sql(revision));
  } catch (const db::DbError& e) {
    if (e.db_kind() == db::DbErrorKind::busy) {
      throw MigrationError("gave up waiting for the migration lock after " +
                           std::to_string(options_.lock_wait.count() / 1000) +
                           " s: another `atrium db` command is migrating this database (" +
                           e.what() + ")");
    }
    throw MigrationError("revision " + revision + " (" + rev.doc() + "): " + one_line(e.what()));
  }
  forget.done = true;
  heads.assign(after.begin(), after.end());
  log(step_line(graph_, revision, upgrade) + " (" +
      duration_text(std::chrono::steady_clock::now() - started) + ")");
  return Outcome::applied;
}

Runner::Outcome Runner::apply_non_transactional(const Revision& rev, bool upgrade,
                                                const std::vector<Operation>& ops,
                                                std::vector<std::string>& heads) {
  if (options_.through_pooler) {
    throw MigrationError(
        "revision " + rev.id + " (" + rev.doc() +
        ") is non-transactional (CREATE INDEX CONCURRENTLY) and needs a direct connection to "
        "PostgreSQL; it cannot run through a transaction pooler (ATRIUM_PG_POOLER=transaction). "
        "Run this upgrade with DATABASE_URL set to the direct, unpooled endpoint.");
  }
  const auto started = std::chrono::steady_clock::now();
  std::set<std::string> after(heads.begin(), heads.end());
  try {
    // A session lock: the revision spans several transactions on this one connection.
    conn_.execute_script(lock_sql(version_.name(), options_.lock_wait, true));
    struct Unlock {
      db::Connection& conn;
      std::string sql;
      ~Unlock() {
        try {
          conn.execute_script(sql);
        } catch (...) {
        }
      }
    } unlock{conn_, "SELECT pg_advisory_unlock(" + std::to_string(kLockClass) + ", hashtext(" +
                        quote_literal(version_.name()) + ")); RESET lock_timeout"};
    version_table_known_ = checksum_table_known_ = false;
    auto fresh = read_heads();
    if (std::set<std::string>(fresh.begin(), fresh.end()) != after) {
      validate(fresh);
      heads = fresh;
      return Outcome::raced;
    }
    run_operations(rev, ops, false);
    db::Transaction tx(conn_, db::TxMode::immediate);
    if (!version_table_known_) conn_.execute_script(version_.create_sql(false));
    conn_.execute_script(ChecksumTable::create_sql());
    version_table_known_ = checksum_table_known_ = true;
    for (const auto& change : graph_.step(after, rev.id, upgrade)) version_.apply(conn_, change);
    if (upgrade) {
      ChecksumTable::record(conn_, rev.id, checksum(rev));
    } else {
      ChecksumTable::forget(conn_, rev.id);
    }
    tx.commit();
  } catch (const db::DbError& e) {
    if (e.db_kind() == db::DbErrorKind::busy) {
      throw MigrationError("gave up waiting for the migration lock after " +
                           std::to_string(options_.lock_wait.count() / 1000) +
                           " s: another `atrium db` command is migrating this database");
    }
    throw MigrationError("revision " + rev.id + " (" + rev.doc() + "): " + one_line(e.what()));
  }
  heads.assign(after.begin(), after.end());
  log(step_line(graph_, rev.id, upgrade) + " (" +
      duration_text(std::chrono::steady_clock::now() - started) + ")");
  return Outcome::applied;
}

void Runner::run_operations(const Revision& rev, const std::vector<Operation>& ops,
                            bool in_transaction) {
  const Dialect dialect = conn_.dialect();
  // Consecutive plain statements go to the server in one round trip.
  std::vector<std::string> pending;
  auto flush = [&] {
    if (pending.empty()) return;
    std::string script;
    for (const auto& sql : pending) script += sql + ";\n";
    pending.clear();
    try {
      conn_.execute_script(script);
    } catch (const db::DbError& e) {
      if (e.db_kind() == db::DbErrorKind::connection_lost) throw;
      throw BatchFailed{};
    }
  };
  TableLookup lookup = [this, &flush](const std::string& table) {
    flush();
    return introspect_table(conn_, table);
  };
  upcoming_indexes_.clear();
  created_.clear();
  std::vector<std::string> adoptable;
  for (const auto& op : ops) {
    if (const auto* ci = std::get_if<CreateIndex>(&op)) upcoming_indexes_.insert(ci->index.name);
    if (const auto* ct = std::get_if<CreateTable>(&op); ct && ct->adopt) {
      adoptable.push_back(ct->table.name);
    }
  }
  // Which tables to adopt exist already, in one query; the others are plain creates.
  const std::set<std::string> existing = migrate::existing_tables(conn_, adoptable);
  std::size_t i = 0;
  while (i < ops.size()) {
    std::string what = describe(ops[i]);
    std::string current_sql;
    try {
      Unit unit = next_unit(ops, i, dialect, lookup);
      if (unit.kind == Unit::Kind::adopt_table) {
        const auto& create = std::get<CreateTable>(ops[i]);
        if (!existing.count(create.table.name)) {
          unit.kind = Unit::Kind::statements;
          unit.sql = {create_table_sql(for_dialect(create.table, dialect), dialect)};
          created_.insert(create.table.name);
        }
      } else if (unit.kind == Unit::Kind::adopt_index) {
        const auto& create = std::get<CreateIndex>(ops[i]);
        if (created_.count(create.index.table)) {
          unit.kind = Unit::Kind::statements;
          unit.sql = {create_index_sql(create.index, dialect)};
        }
      }
      if (unit.kind == Unit::Kind::rebuild) {
        what += unit.count > 1 ? " (rebuilding table " + unit.table + " for " +
                                     std::to_string(unit.count) + " operations)"
                               : " (rebuilding table " + unit.table + ")";
      }
      if (options_.before_unit) options_.before_unit(rev.id, what);
      const bool plain = unit.kind == Unit::Kind::statements || unit.kind == Unit::Kind::rebuild;
      if (plain && batch_ && in_transaction) {
        pending.insert(pending.end(), unit.sql.begin(), unit.sql.end());
        i += unit.count;
        continue;
      }
      flush();
      switch (unit.kind) {
        case Unit::Kind::statements:
        case Unit::Kind::rebuild:
          for (const auto& sql : unit.sql) {
            current_sql = sql;
            conn_.execute_script(sql);
          }
          break;
        case Unit::Kind::adopt_table:
          adopt_table(std::get<CreateTable>(ops[i]));
          break;
        case Unit::Kind::adopt_index:
          adopt_index(std::get<CreateIndex>(ops[i]));
          break;
        case Unit::Kind::concurrent_index:
          if (in_transaction) {
            throw StepFailure(
                "CREATE INDEX CONCURRENTLY cannot run inside a transaction; mark the revision "
                "`.transactional = false`");
          }
          current_sql = unit.sql.empty() ? std::string() : unit.sql.front();
          concurrent_index(std::get<CreateIndex>(ops[i]), unit.sql);
          break;
        case Unit::Kind::bulk_insert: {
          const auto& insert = std::get<BulkInsert>(ops[i]);
          current_sql = bulk_insert_statement(insert);
          for (const auto& row : insert.rows) conn_.execute(current_sql, row);
          break;
        }
        case Unit::Kind::data:
          std::get<DataMigration>(ops[i]).run(conn_);
          break;
      }
      i += unit.count;
    } catch (const db::DbError& e) {
      // A lock timeout here is the revision's own lock_timeout on a busy table: report it with
      // the operation, unlike a wait for the migration lock.
      if (e.db_kind() == db::DbErrorKind::connection_lost) throw;
      throw MigrationError("revision " + rev.id + " (" + rev.doc() + ") failed in " + what + ": " +
                           one_line(e.what()) +
                           (current_sql.empty() ? "" : " [SQL: " + one_line(current_sql) + "]"));
    } catch (const StepFailure& e) {
      throw MigrationError("revision " + rev.id + " (" + rev.doc() + ") failed in " + what + ": " +
                           e.what());
    } catch (const MigrationError& e) {
      throw MigrationError("revision " + rev.id + " (" + rev.doc() + ") failed in " + what + ": " +
                           e.what());
    }
  }
  flush();
}

void Runner::adopt_table(const CreateTable& create) {
  const Dialect dialect = conn_.dialect();
  const Table expected = for_dialect(create.table, dialect);
  // The common case, a table that is not there yet, costs one catalog lookup.
  std::optional<Table> live;
  if (table_exists(conn_, expected.name)) live = introspect_table(conn_, expected.name);
  if (!live) {
    conn_.execute_script(create_table_sql(expected, dialect));
    created_.insert(expected.name);
    return;
  }
  Comparison cmp;
  CompareOptions options;
  options.allow_extras = true;
  options.indexes = false;
  options.defaults_are_notes = true;
  options.indexes_handled_elsewhere = upcoming_indexes_;
  compare_table(expected, *live, dialect, options, cmp);
  if (!cmp.clean()) {
    throw StepFailure("the existing table " + quote_ident(expected.name) +
                      " cannot be adopted: " + join(cmp.differences, "; "));
  }
  log("adopted the existing table " + quote_ident(expected.name));
  for (const auto& note : cmp.notes) log("  note: " + note);
}

void Runner::adopt_index(const CreateIndex& create) {
  const Dialect dialect = conn_.dialect();
  const Index& want = create.index;
  if (created_.count(want.table) == 0) {
    auto live = introspect_table(conn_, want.table);
    if (const Index* have = live ? live->find_index(want.name) : nullptr) {
      if (have->columns == want.columns && have->unique == want.unique && have->valid) {
        log("kept the existing index " + want.name);
        return;
      }
      throw StepFailure("the existing index " + want.name + " cannot be adopted: it differs " +
                        "from " + create_index_sql(want, dialect));
    }
  }
  conn_.execute_script(create_index_sql(want, dialect));
}

void Runner::concurrent_index(const CreateIndex& create, const std::vector<std::string>& sql) {
  auto existing = conn_.query(
      "SELECT ix.indisvalid FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN "
      "pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = current_schema() AND "
      "i.relname = $1",
      {db::Value(create.index.name)});
  if (!existing.empty()) {
    if (existing[0].boolean(0)) {
      log("kept the index " + create.index.name + " an interrupted run had already built");
      return;
    }
    log("rebuilding the INVALID index " + create.index.name + " an interrupted run left behind");
    conn_.execute_script("DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(create.index.name));
  }
  for (const auto& s : sql) conn_.execute_script(s);
}

void Runner::stamp(const std::vector<std::string>& targets, bool purge) {
  std::vector<std::string> heads;
  if (!purge) {
    heads = stored_heads();
    validate(heads);
  }
  try {
    std::set<std::string> probe(heads.begin(), heads.end());
    graph_.stamp(probe, targets);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  std::vector<VersionChange> changes;
  try {
    db::Transaction tx(conn_, db::TxMode::immediate);
    if (conn_.dialect() == Dialect::postgresql) lock_in_transaction();
    if (!version_.exists(conn_)) conn_.execute_script(version_.create_sql(false));
    if (purge) version_.purge(conn_);
    auto fresh = purge ? std::vector<std::string>{} : version_.read(conn_);
    validate(fresh);
    std::set<std::string> set(fresh.begin(), fresh.end());
    changes = graph_.stamp(set, targets);
    for (const auto& c : changes) version_.apply(conn_, c);
    // Checksums belong to revisions that ran; forget those no longer applied.
    const auto sums = ChecksumTable::read(conn_);
    if (!sums.empty()) {
      const auto applied = graph_.applied(std::vector<std::string>(set.begin(), set.end()));
      for (const auto& [id, _] : sums) {
        if (std::find(applied.begin(), applied.end(), id) == applied.end()) {
          ChecksumTable::forget(conn_, id);
        }
      }
    }
    tx.commit();
  } catch (const db::DbError& e) {
    throw MigrationError("stamp: " + one_line(e.what()));
  }
  for (const auto& c : changes) log("Running stamp_revision " + c.from + " -> " + c.to);
}

CheckReport Runner::check() {
  CheckReport report;
  const auto stored = stored_heads();
  validate(stored);
  report.heads = graph_.current_heads(stored);
  const auto applied = graph_.applied(stored);
  const Dialect dialect = conn_.dialect();
  const Schema expected = implied_schema(graph_, applied, dialect);
  const Schema actual = introspect_schema(conn_);
  report.comparison = compare_schemas(expected, actual, dialect, adopted_tables(graph_, applied),
                                      {version_.name(), kChecksumTable});
  for (const auto& id : changed_revisions(stored)) {
    report.comparison.differences.push_back(
        "revision " + id +
        " was changed after it was applied: its operations differ from the checksum recorded "
        "when it ran");
  }
  return report;
}

}  // namespace atrium::migrate
