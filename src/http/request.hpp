#pragma once
// atrium's own request type: what a handler sees. No Beast types leak out of http/.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace atrium::http {

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received, e.g. "/api/chat/sessions/abc?limit=5"
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string client_address;  // the socket's peer address (no port)
  bool secure = false;         // reached over TLS (never: TLS terminates at a proxy)

  // Filled by the router.
  std::string route_template;  // e.g. "/api/chat/sessions/{id}"
  std::unordered_map<std::string, std::string> path_params;

  // Set by a route's inline attempt (RouteOptions::inline_attempt) that cannot answer on the
  // socket thread: the server then discards what it returned and runs the route's handler on
  // the worker pool.
  bool run_on_worker = false;

  // First header with that name (case-insensitive), as Fetch's Headers.get joins duplicates
  // only for list-valued headers we never need joined.
  std::optional<std::string_view> header(std::string_view name) const;
  // First query parameter with that name, form-decoded ('+' is a space).
  std::optional<std::string> query_param(std::string_view name) const;
  // Cookie value by better-call's rules: split on ';', trim, strip surrounding double
  // quotes, percent-decode values containing '%', the first occurrence of a name wins.
  std::optional<std::string> cookie(std::string_view name) const;
  const std::string& path_param(const std::string& name) const { return path_params.at(name); }
};

}  // namespace atrium::http
