#pragma once

namespace atrium {

// Parses the command line and runs the command; returns the process exit code
// (0 ok, 1 failure, 2 usage or configuration error).
int run_cli(int argc, char** argv);

}  // namespace atrium
