#include "app/db_commands.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>

#include "core/config.hpp"
#include "db/database.hpp"
#include "db/error.hpp"
#include "db/url.hpp"
#include "migrate/display.hpp"
#include "migrate/errors.hpp"
#include "migrate/offline.hpp"
#include "migrate/runner.hpp"
#include "migrate/scaffold.hpp"
#include "migrate/version_table.hpp"
#include "schema/revisions.hpp"

namespace atrium {
namespace {

using migrate::RevisionError;
using migrate::RevisionGraph;

// Every `atrium db` option, shared by the command callbacks (CLI11 writes into it while
// parsing, so it must outlive add_db_commands).
struct DbState {
  std::string url;
  std::string version_table;
  std::string dialect;
  double lock_wait_seconds = 300;
  std::string schema_dir;

  std::string target;
  std::vector<std::string> targets;
  bool sql = false;
  bool verbose = false;
  bool indicate_current = false;
  bool purge = false;
  std::string range;
  std::string message;
  std::string head;
  std::vector<std::string> depends_on;
  std::string rev_id;
  std::vector<std::string> branch_labels;
  bool splice = false;
};

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

std::optional<std::string> env(const char* name) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): a CLI command reads it before starting any thread
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

// The URL as load_config() resolves it: --url, DATABASE_URL, NEON_DATABASE_URL, the embedded
// default.
std::string database_url(const DbState& s) {
  if (!s.url.empty()) return s.url;
  if (auto u = env("DATABASE_URL")) return *u;
  if (auto u = env("NEON_DATABASE_URL")) return *u;
  return "sqlite:///atrium.db";
}

bool through_pooler() {
  auto pooler = env("ATRIUM_PG_POOLER");
  if (!pooler) return false;
  if (*pooler == "transaction") return true;
  if (*pooler != "none" && *pooler != "session") {
    throw ConfigError("ATRIUM_PG_POOLER must be transaction, session or none, not '" + *pooler +
                      "'");
  }
  return false;
}

std::string version_table(const DbState& s) {
  if (!s.version_table.empty()) return s.version_table;
  if (auto v = env("ATRIUM_VERSION_TABLE")) return *v;
  return "alembic_version";
}

std::chrono::milliseconds lock_wait(const DbState& s) {
  if (s.lock_wait_seconds < 0) throw ConfigError("--lock-timeout must not be negative");
  return std::chrono::milliseconds(static_cast<long long>(s.lock_wait_seconds * 1000));
}

void log_line(const std::string& line) {
  std::cerr << line << "\n";
}

// A live database and a runner on its one connection.
struct Session {
  std::unique_ptr<db::Database> database;
  std::optional<db::Lease> lease;
  std::unique_ptr<migrate::Runner> runner;
};

Session open_session(const DbState& s, const RevisionGraph& graph) {
  Session session;
  db::DatabaseOptions options;
  options.pool_size = 1;
  options.sqlite_busy_timeout = lock_wait(s);
  // The commit is durable in the WAL already; copying it into the database file at exit would
  // cost the checkpoint's fsyncs on every command. The next opener reads the WAL.
  options.sqlite_checkpoint_on_close = false;
  // A command runs each statement once or twice: unnamed statements (what a transaction
  // pooler needs anyway) save the separate prepare round trip of a named one.
  const bool pooler = through_pooler();
  options.pg_pooler_transaction = true;
  session.database = db::Database::open(database_url(s), options);
  session.lease.emplace(session.database->acquire());
  migrate::RunnerOptions ro;
  ro.version_table = version_table(s);
  ro.lock_wait = lock_wait(s);
  ro.through_pooler = pooler;
  ro.log = log_line;
  session.runner = std::make_unique<migrate::Runner>(graph, session.lease->get(), ro);
  return session;
}

db::Dialect offline_dialect(const DbState& s) {
  if (s.dialect.empty()) return db::parse_database_url(database_url(s)).dialect;
  if (s.dialect == "sqlite") return db::Dialect::sqlite;
  if (s.dialect == "postgresql" || s.dialect == "postgres") return db::Dialect::postgresql;
  throw ConfigError("--dialect must be sqlite or postgresql, not '" + s.dialect + "'");
}

migrate::OfflineOptions offline_options(const DbState& s) {
  migrate::OfflineOptions o;
  o.dialect = offline_dialect(s);
  o.version_table = version_table(s);
  o.log = log_line;
  return o;
}

std::filesystem::path schema_dir(const DbState& s) {
  if (!s.schema_dir.empty()) return s.schema_dir;
  return std::filesystem::current_path() / "src" / "schema";
}

// ------------------------------------------------------------------ commands

int cmd_upgrade(const DbState& s) {
  const auto& graph = schema::graph();
  const std::string target = s.target.empty() ? "heads" : s.target;
  if (s.sql) {
    std::cout << migrate::offline_upgrade(graph, target, offline_options(s));
    return 0;
  }
  auto session = open_session(s, graph);
  session.runner->upgrade(target);
  return 0;
}

int cmd_downgrade(const DbState& s) {
  const auto& graph = schema::graph();
  if (s.sql) {
    std::cout << migrate::offline_downgrade(graph, s.target, offline_options(s));
    return 0;
  }
  auto session = open_session(s, graph);
  session.runner->downgrade(s.target);
  return 0;
}

int cmd_current(const DbState& s) {
  const auto& graph = schema::graph();
  auto session = open_session(s, graph);
  const auto stored = session.runner->stored_heads();
  const auto current = graph.current_heads(stored);
  if (s.verbose)
    std::cout << "Current revision(s) for " << session.database->url().redacted << ":\n";
  for (const auto& id : current) {
    if (s.verbose) {
      std::cout << migrate::log_entry(graph, id) << "\n";
    } else {
      std::cout << migrate::head_only(graph, id, {}) << "\n";
    }
  }
  return 0;
}

int cmd_heads(const DbState& s) {
  const auto& graph = schema::graph();
  for (const auto& id : graph.heads()) {
    if (s.verbose) {
      std::cout << migrate::log_entry(graph, id) << "\n";
    } else {
      migrate::DisplayFlags f;
      f.include_branches = true;
      f.tree_indicators = false;
      std::cout << migrate::head_only(graph, id, f) << "\n";
    }
  }
  return 0;
}

int cmd_branches(const DbState& s) {
  const auto& graph = schema::graph();
  for (const auto& id : graph.history("", "")) {
    if (!graph.is_branch_point(id)) continue;
    migrate::DisplayFlags f;
    f.include_branches = true;
    std::cout << (s.verbose ? migrate::log_entry(graph, id) : migrate::head_only(graph, id, f))
              << "\n";
    for (const auto& child : graph.next_revisions(id)) {
      migrate::DisplayFlags c;
      c.include_branches = true;
      c.include_doc = s.verbose;
      std::cout << std::string(id.size(), ' ') << " -> " << migrate::head_only(graph, child, c)
                << "\n";
    }
    std::cout << "\n";
  }
  return 0;
}

int cmd_history(const DbState& s) {
  const auto& graph = schema::graph();
  std::string lower, upper;
  if (!s.range.empty()) {
    const auto colon = s.range.find(':');
    if (colon == std::string::npos) {
      throw RevisionError("History range requires [start]:[end], [start]:, or :[end]", true);
    }
    lower = s.range.substr(0, colon);
    upper = s.range.substr(colon + 1);
  }
  std::vector<std::string> current;
  if (s.indicate_current || lower == "current" || upper == "current") {
    auto session = open_session(s, graph);
    current = session.runner->stored_heads();
    auto resolve_current = [&](std::string& side, const char* empty) {
      if (side != "current") return;
      if (current.size() > 1)
        throw RevisionError("'current' is several revisions: " + join(current), true);
      side = current.empty() ? empty : current.front();
    };
    resolve_current(lower, "base");
    resolve_current(upper, "base");
  }
  std::vector<std::string> ids;
  try {
    ids = graph.history(lower, upper);
  } catch (const RevisionError& e) {
    throw RevisionError(e.what(), true);
  }
  std::vector<std::string> current_all;
  if (!current.empty()) {
    // Like Alembic's --indicate-current: an unknown stored revision marks nothing.
    try {
      current_all = graph.applied(current);
    } catch (const RevisionError&) {
    }
  }
  for (const auto& id : ids) {
    const bool is_current =
        s.indicate_current && std::find(current.begin(), current.end(), id) != current.end();
    if (s.verbose) {
      std::cout << migrate::log_entry(graph, id, is_current) << "\n";
    } else {
      migrate::DisplayFlags f;
      f.include_branches = true;
      f.include_doc = true;
      f.include_parents = true;
      f.current = is_current;
      std::cout << migrate::head_only(graph, id, f) << "\n";
    }
  }
  return 0;
}

int cmd_show(const DbState& s) {
  const auto& graph = schema::graph();
  std::vector<std::string> ids;
  if (s.target == "current") {
    auto session = open_session(s, graph);
    ids = graph.current_heads(session.runner->stored_heads());
  } else {
    try {
      ids = graph.get_revisions(s.target);
    } catch (const RevisionError& e) {
      throw RevisionError(e.what(), true);
    }
  }
  for (const auto& id : ids) std::cout << migrate::log_entry(graph, id) << "\n";
  return 0;
}

int cmd_stamp(const DbState& s) {
  const auto& graph = schema::graph();
  if (s.sql) {
    const auto options = offline_options(s);
    migrate::VersionTable vt(options.version_table);
    std::set<std::string> heads;
    std::vector<migrate::VersionChange> changes;
    try {
      changes = graph.stamp(heads, s.targets);
    } catch (const RevisionError& e) {
      throw RevisionError(e.what(), true);
    }
    std::cout << vt.create_sql(true) << ";\n\nBEGIN;\n\n";
    for (const auto& c : changes) std::cout << vt.offline_sql(c, options.dialect) << ";\n\n";
    std::cout << "COMMIT;\n\n";
    return 0;
  }
  auto session = open_session(s, graph);
  session.runner->stamp(s.targets, s.purge);
  return 0;
}

void write_revision(const DbState& s, migrate::Revision r) {
  const auto dir = schema_dir(s);
  const RevisionGraph sources(migrate::scan_revision_sources(dir));
  if (r.id.empty()) {
    do {
      r.id = migrate::new_revision_id();
    } while (sources.contains(r.id));
  } else if (sources.contains(r.id)) {
    throw RevisionError("Revision " + r.id + " is present more than once", true);
  }
  if (r.message.empty()) r.message = "empty message";
  const auto path = migrate::write_revision_source(dir, r);
  std::cout << "Generating " << std::filesystem::absolute(path).string() << " ...  done\n";
}

int cmd_revision(const DbState& s) {
  const auto dir = schema_dir(s);
  const RevisionGraph sources(migrate::scan_revision_sources(dir));
  migrate::Revision r;
  r.id = s.rev_id;
  r.message = s.message;
  r.branch_labels = s.branch_labels;
  const std::string head = s.head.empty() ? "head" : s.head;
  std::vector<std::string> parents;
  try {
    parents = sources.get_revisions(head);
  } catch (const RevisionError& e) {
    const std::string what = e.what();
    if (what.rfind("Multiple head revisions", 0) == 0) {
      throw RevisionError(
          "Multiple heads are present; please specify the head revision on which the new "
          "revision should be based, or perform a merge.",
          true);
    }
    throw RevisionError(what, true);
  }
  if (!s.splice) {
    for (const auto& p : parents) {
      if (!sources.is_head(p)) {
        throw RevisionError("Revision " + p +
                                " is not a head revision; please specify --splice to create a "
                                "new branch from this revision",
                            true);
      }
    }
  }
  r.down_revisions = parents;
  for (const auto& d : s.depends_on) {
    try {
      auto resolved = sources.get_revision(d);
      r.depends_on.push_back(resolved ? *resolved : d);
    } catch (const RevisionError& e) {
      throw RevisionError(e.what(), true);
    }
  }
  write_revision(s, std::move(r));
  return 0;
}

int cmd_merge(const DbState& s) {
  const auto dir = schema_dir(s);
  const RevisionGraph sources(migrate::scan_revision_sources(dir));
  migrate::Revision r;
  r.id = s.rev_id;
  r.message = s.message;
  for (const auto& spec : s.targets) {
    try {
      for (const auto& id : sources.get_revisions(spec)) r.down_revisions.push_back(id);
    } catch (const RevisionError& e) {
      throw RevisionError(e.what(), true);
    }
  }
  if (r.down_revisions.size() < 2) {
    throw RevisionError("merge needs at least two revisions to merge (e.g. `heads`), got " +
                            std::to_string(r.down_revisions.size()),
                        true);
  }
  write_revision(s, std::move(r));
  return 0;
}

int cmd_check(const DbState& s) {
  const auto& graph = schema::graph();
  auto session = open_session(s, graph);
  const auto report = session.runner->check();
  const std::string at = report.heads.empty() ? "base" : join(report.heads);
  if (report.comparison.clean()) {
    std::cout << "OK: the database matches the schema of revision(s) " << at << "\n";
  } else {
    std::cout << "FAILED: the database differs from the schema of revision(s) " << at << ":\n";
    for (const auto& d : report.comparison.differences) std::cout << "  - " << d << "\n";
  }
  for (const auto& n : report.comparison.notes) std::cout << "  note: " << n << "\n";
  return report.comparison.clean() ? 0 : 1;
}

// One line on stderr and the exit code the conventions give: 2 for usage and configuration,
// 1 for a migration or database failure. Alembic's `FAILED:` prefix is kept.
int guarded(const std::function<int()>& fn) {
  try {
    return fn();
  } catch (const ConfigError& e) {
    std::cerr << "atrium: " << e.what() << "\n";
    return 2;
  } catch (const RevisionError& e) {
    std::cerr << "FAILED: " << e.what() << "\n";
    return e.usage() ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "FAILED: " << e.what() << "\n";
    return 1;
  }
}

// CLI11 runs the callback while parsing, before main can see a result; a failing command
// ends the process here with its code (everything it opened is closed by then).
void finish(int code) {
  if (code == 0) return;
  std::cout.flush();
  std::cerr.flush();
  // NOLINTNEXTLINE(concurrency-mt-unsafe): a CLI command ends here; it started no thread
  std::exit(code);
}

void add_connection_options(CLI::App* cmd, DbState& s) {
  cmd->add_option("--url", s.url,
                  "Database URL (else DATABASE_URL, NEON_DATABASE_URL, sqlite:///atrium.db)");
  cmd->add_option("--version-table", s.version_table,
                  "Version table (else ATRIUM_VERSION_TABLE, alembic_version)");
  cmd->add_option("--lock-timeout", s.lock_wait_seconds,
                  "Seconds to wait for another runner holding the migration lock (default 300)");
}

}  // namespace

void add_db_commands(CLI::App& app) {
  auto state = std::make_shared<DbState>();
  DbState& s = *state;
  auto* db = app.add_subcommand("db", "The schema: Alembic-compatible migrations and checks");
  db->require_subcommand(1);

  auto bind = [state](CLI::App* cmd, int (*fn)(const DbState&)) {
    cmd->callback([state, fn] { finish(guarded([&] { return fn(*state); })); });
  };

  auto* up = db->add_subcommand("upgrade", "Upgrade to a later revision (default: heads)");
  up->add_option("target", s.target, "head, heads, an id or prefix, +N, <rev>+N, <branch>@head");
  up->add_flag("--sql", s.sql, "Print the SQL instead of running it");
  up->add_option("--dialect", s.dialect, "sqlite or postgresql for --sql (else from the URL)");
  add_connection_options(up, s);
  bind(up, cmd_upgrade);

  auto* down = db->add_subcommand("downgrade", "Revert to a previous revision");
  down->add_option("target", s.target,
                   "base, an id or prefix, -N, <branch>@-N; <from>:<to> with --sql")
      ->required();
  down->add_flag("--sql", s.sql, "Print the SQL instead of running it");
  down->add_option("--dialect", s.dialect, "sqlite or postgresql for --sql (else from the URL)");
  add_connection_options(down, s);
  bind(down, cmd_downgrade);

  auto* current = db->add_subcommand("current", "Show the database's current revision(s)");
  current->add_flag("-v,--verbose", s.verbose, "Show each revision in full");
  add_connection_options(current, s);
  bind(current, cmd_current);

  auto* heads = db->add_subcommand("heads", "Show the head revision(s) (no database access)");
  heads->add_flag("-v,--verbose", s.verbose, "Show each revision in full");
  add_connection_options(heads, s);  // accepted for uniformity; heads reads no database
  bind(heads, cmd_heads);

  auto* branches = db->add_subcommand("branches", "Show branch points");
  branches->add_flag("-v,--verbose", s.verbose, "Show each revision in full");
  add_connection_options(branches, s);
  bind(branches, cmd_branches);

  auto* history = db->add_subcommand("history", "List revisions, newest first");
  history->add_option("-r,--rev-range", s.range, "[start]:[end], e.g. e58d1bdc4ddb:head, current:");
  history->add_flag("-v,--verbose", s.verbose, "Show each revision in full");
  history->add_flag("-i,--indicate-current", s.indicate_current, "Mark the database's revision(s)");
  add_connection_options(history, s);
  bind(history, cmd_history);

  auto* show = db->add_subcommand("show", "Show one revision (or `current`)");
  show->add_option("rev", s.target, "Revision")->required();
  add_connection_options(show, s);
  bind(show, cmd_show);

  auto* stamp = db->add_subcommand("stamp", "Set the version table without running migrations");
  stamp->add_option("revisions", s.targets, "Revision(s), or base")->required();
  stamp->add_flag("--purge", s.purge, "Empty the version table first (even of unknown revisions)");
  stamp->add_flag("--sql", s.sql, "Print the SQL instead of running it");
  stamp->add_option("--dialect", s.dialect, "sqlite or postgresql for --sql (else from the URL)");
  add_connection_options(stamp, s);
  bind(stamp, cmd_stamp);

  auto* revision =
      db->add_subcommand("revision", "Write a new revision file and add it to the manifest");
  revision->add_option("-m,--message", s.message, "What the revision does")->required();
  revision->add_option("--head", s.head, "The revision to base it on (default: head)");
  revision->add_option("--depends-on", s.depends_on, "Revisions it depends on");
  revision->add_option("--rev-id", s.rev_id, "Use this id instead of a random one");
  revision->add_option("--branch-label", s.branch_labels, "Branch label(s) for the new revision");
  revision->add_flag("--splice", s.splice, "Allow a non-head --head (start a branch)");
  revision->add_option("--schema-dir", s.schema_dir,
                       "Directory of revision files (default src/schema)");
  bind(revision, cmd_revision);

  auto* merge = db->add_subcommand("merge", "Write a revision that merges several heads");
  merge->add_option("-m,--message", s.message, "What the merge is")->required();
  merge->add_option("revisions", s.targets, "Revisions to merge, e.g. heads")->required();
  merge->add_option("--rev-id", s.rev_id, "Use this id instead of a random one");
  merge->add_option("--schema-dir", s.schema_dir,
                    "Directory of revision files (default src/schema)");
  bind(merge, cmd_merge);

  auto* check = db->add_subcommand(
      "check", "Compare the live schema with what the applied revisions imply; exit 1 on drift");
  add_connection_options(check, s);
  bind(check, cmd_check);
}

void ensure_schema_for_serve(const Config& config, db::Database& database) {
  const auto& graph = schema::graph();
  auto lease = database.acquire();
  migrate::RunnerOptions options;
  options.through_pooler = config.pg_pooler_transaction;
  options.log = log_line;
  if (auto v = env("ATRIUM_VERSION_TABLE")) options.version_table = *v;
  migrate::Runner runner(graph, lease.get(), options);
  try {
    if (config.database_is_default) {
      runner.upgrade("heads");
      return;
    }
    const auto stored = runner.stored_heads();
    if (!graph.upgrade_path(stored, graph.heads()).empty()) {
      throw ConfigError("the database is at revision " +
                        (stored.empty() ? std::string("base (no tables yet)") : join(stored)) +
                        ", behind atrium's schema (" + join(graph.heads()) +
                        "): run `atrium db upgrade head` with the same DATABASE_URL first");
    }
  } catch (const RevisionError& e) {
    throw ConfigError(std::string("the database's schema version is not one atrium knows: ") +
                      e.what() + " (was it migrated by a newer atrium?)");
  }
}

}  // namespace atrium
