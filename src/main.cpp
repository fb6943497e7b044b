// atrium: the learning platform's whole backend in one program. The CLI lives in app/cli.cpp
// so that tests link the same code.

#include "app/cli.hpp"

int main(int argc, char** argv) { return atrium::run_cli(argc, argv); }
