#pragma once
// Every migrate integration test gets a fresh database on the backend CTest chose (sqlite,
// postgres, or postgres through a transaction-pooling PgBouncer), runs the real engine on it
// in-process or the real `atrium` binary, and never hard-codes the head: it asks the graph or
// `atrium db heads`.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/error.hpp"
#include "db/transaction.hpp"
#include "migrate/errors.hpp"
#include "migrate/introspect.hpp"
#include "migrate/runner.hpp"
#include "schema/revisions.hpp"
#include "support/process.hpp"
#include "support/scratch_database.hpp"

namespace atrium::testing {

class MigrateTest : public ::testing::Test {
 protected:
  bool pg() const { return scratch_.dialect() == db::Dialect::postgresql; }
  bool pooled() const { return scratch_.through_pooler(); }
  const ScratchDatabase& scratch() const { return scratch_; }

  std::unique_ptr<db::Database> open() const {
    db::DatabaseOptions options;
    options.pool_size = 2;
    return scratch_.open(options);
  }

  migrate::RunnerOptions runner_options() {
    migrate::RunnerOptions o;
    o.through_pooler = pooled();
    o.log = [this](const std::string& line) { log_.push_back(line); };
    return o;
  }

  // The `atrium db …` binary against this database.
  ProcessResult atrium(std::vector<std::string> args, bool with_url = true) const {
    std::vector<std::string> argv{atrium_binary(), "db"};
    argv.insert(argv.end(), args.begin(), args.end());
    if (with_url) {
      argv.push_back("--url");
      argv.push_back(scratch_.url());
    }
    return run_process(argv, env());
  }
  ProcessEnv env() const {
    ProcessEnv e;
    e.unset = {"DATABASE_URL", "NEON_DATABASE_URL", "ATRIUM_PG_POOLER", "ATRIUM_VERSION_TABLE"};
    if (pooled()) e.set["ATRIUM_PG_POOLER"] = "transaction";
    return e;
  }

  // What `atrium db heads` prints, ids only.
  std::vector<std::string> heads_from_cli() const {
    auto r = atrium({"heads"}, false);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < r.out.size()) {
      auto nl = r.out.find('\n', start);
      std::string line = r.out.substr(start, nl - start);
      if (!line.empty()) out.push_back(line.substr(0, line.find(' ')));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return out;
  }

  std::vector<std::string> stored_heads(db::Database& database,
                                        const std::string& table = "alembic_version") {
    auto lease = database.acquire();
    migrate::VersionTable vt(table);
    return vt.read(*lease);
  }

  std::int64_t count(db::Database& database, const std::string& sql) {
    auto lease = database.acquire();
    return lease->query(sql)[0].integer(0);
  }

  bool has_table(db::Database& database, const std::string& table) {
    auto lease = database.acquire();
    return migrate::table_exists(*lease, table);
  }

  void expect_clean(db::Database& database, const migrate::RevisionGraph& graph,
                    const std::string& where) {
    auto lease = database.acquire();
    migrate::Runner runner(graph, *lease, runner_options());
    const auto report = runner.check();
    std::string all;
    for (const auto& d : report.comparison.differences) all += "\n  " + d;
    EXPECT_TRUE(report.comparison.clean()) << where << ":" << all;
  }

  std::vector<std::string> log_;

 private:
  ScratchDatabase scratch_;
};

}  // namespace atrium::testing
