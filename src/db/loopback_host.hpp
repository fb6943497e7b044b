#pragma once
// Whether libpq's host parameters name this machine. A server on this machine shares its
// cores with atrium, which changes how many queries are worth having in flight (app/serve).

#include <string_view>

namespace atrium::db {

// `hosts` is libpq's comma-separated host or hostaddr list. True when every entry is a Unix
// socket directory (or an abstract socket, "@…"), "localhost", a loopback address (127.0.0.0/8,
// ::1, ::ffff:127.x.y.z) or empty — libpq's default, the local Unix socket.
bool names_this_machine(std::string_view hosts);

}  // namespace atrium::db
