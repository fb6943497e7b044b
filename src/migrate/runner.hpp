#pragma once
// Runs revisions against a live database. Each revision runs in one transaction together
// with its alembic_version update and checksum; concurrent runners are serialised by the
// database (a transaction-scoped advisory lock on PostgreSQL, which holds behind a
// transaction pooler; BEGIN IMMEDIATE on SQLite), and a runner that waited reads the version
// again and finds the work done.

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/compare.hpp"
#include "migrate/graph.hpp"
#include "migrate/version_table.hpp"

namespace atrium::db {
class Connection;
}

namespace atrium::migrate {

struct RunnerOptions {
  std::string version_table = "alembic_version";
  // How long a runner waits for another one that holds the migration lock.
  std::chrono::milliseconds lock_wait{std::chrono::minutes(5)};
  // Connected through a transaction pooler (ATRIUM_PG_POOLER=transaction): non-transactional
  // revisions are refused.
  bool through_pooler = false;
  // Progress and notes, one line each (the CLI sends them to stderr).
  std::function<void(const std::string&)> log;
  // Called before each unit of work runs: revision id and the first operation's description.
  // Tests use it to interrupt a run at a known point.
  std::function<void(const std::string&, const std::string&)> before_unit;
};

struct CheckReport {
  std::vector<std::string> heads;
  Comparison comparison;
};

class Runner {
 public:
  Runner(const RevisionGraph& graph, db::Connection& conn, RunnerOptions options = {});

  // The heads stored in the version table (empty when it does not exist).
  std::vector<std::string> stored_heads();

  // Returns the number of revisions this runner applied (0 when another runner did them or
  // there was nothing to do). Throws RevisionError (usage() when the target was at fault) or
  // MigrationError.
  int upgrade(std::string_view target);
  int downgrade(std::string_view target);
  void stamp(const std::vector<std::string>& targets, bool purge);
  CheckReport check();

  // Applied revisions whose recorded checksum differs from the code's.
  std::vector<std::string> changed_revisions(const std::vector<std::string>& heads);

 private:
  enum class Outcome { applied, raced };
  Outcome apply_step(const std::string& revision, bool upgrade, std::vector<std::string>& heads);
  Outcome apply_step_once(const std::string& revision, bool upgrade,
                          std::vector<std::string>& heads);
  Outcome apply_non_transactional(const Revision& rev, bool upgrade,
                                  const std::vector<Operation>& ops,
                                  std::vector<std::string>& heads);
  void run_operations(const Revision& rev, const std::vector<Operation>& ops, bool in_transaction);
  void adopt_table(const CreateTable& create);
  void adopt_index(const CreateIndex& create);
  void concurrent_index(const CreateIndex& create, const std::vector<std::string>& sql);
  void lock_in_transaction();
  std::string begin_sql() const;
  void validate(const std::vector<std::string>& heads) const;
  // Looks both engine tables up in one query; a table once seen stays known for the run.
  void probe_engine_tables();
  std::vector<std::string> read_heads();
  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  const RevisionGraph& graph_;
  db::Connection& conn_;
  RunnerOptions options_;
  VersionTable version_;
  std::set<std::string> created_;           // tables the running revision created: no lookup needed
  std::set<std::string> upcoming_indexes_;  // indexes the running revision creates
  bool batch_ = true;                       // plain statements of a revision sent together
  bool version_table_known_ = false;
  bool checksum_table_known_ = false;
};

// The schema that applying `revisions` (in order) implies on a dialect.
Schema implied_schema(const RevisionGraph& graph, const std::vector<std::string>& revisions,
                      Dialect dialect);
// Tables created by adoption among `revisions`, where plugin extras are tolerated.
std::set<std::string> adopted_tables(const RevisionGraph& graph,
                                     const std::vector<std::string>& revisions);

// "Running upgrade <from> -> <to>, <doc>" as Alembic logs a step.
std::string step_line(const RevisionGraph& graph, const std::string& revision, bool upgrade);

}  // namespace atrium::migrate
