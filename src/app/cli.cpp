#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/db_commands.hpp"
#include "app/serve.hpp"
#include "core/config.hpp"

#ifndef ATRIUM_VERSION
#define ATRIUM_VERSION "dev"
#endif

namespace atrium {

int run_cli(int argc, char** argv) {
  CLI::App app{
      "atrium: the learning platform's backend: Better Auth-compatible sign-in, the learner "
      "API, and its schema"};
  app.name("atrium");
  app.set_version_flag("--version", "atrium " ATRIUM_VERSION);
  app.require_subcommand(1);

  ServeFlags flags;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the HTTP API (until SIGINT or SIGTERM)");
  serve_cmd->add_option("--host", flags.host, "Address to listen on (else ATRIUM_HOST, 127.0.0.1)");
  serve_cmd->add_option("--port", flags.port, "Port to listen on (else ATRIUM_PORT, 3000)");

  add_db_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (serve_cmd->parsed()) return serve(flags);
  } catch (const ConfigError& e) {
    std::cerr << "atrium: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "atrium: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace atrium
