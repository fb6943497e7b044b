#pragma once
// `atrium db …` and the schema check `atrium serve` does before it listens. Implemented on top
// of migrate/ and schema/.

namespace CLI {
class App;
}

namespace atrium {
struct Config;
namespace db {
class Database;
}

// Registers the `db` subcommand and its commands on the CLI.
void add_db_commands(CLI::App& app);

// Before serving: the embedded default database is upgraded to head; any other database that
// is behind head makes serve refuse to start with a ConfigError naming the command to run.
void ensure_schema_for_serve(const Config& config, db::Database& database);

}  // namespace atrium
