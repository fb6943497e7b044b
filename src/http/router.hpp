#pragma once
// Explicit route table: method + path template -> handler, registered in one place at start-up.
// Templates use {name} for one path segment, e.g. "/api/chat/sessions/{id}/messages".
// The template, never the raw path, is what metrics record.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace atrium::http {

using Handler = std::function<Response(Request&)>;

// How an asynchronous attempt hands back, from any thread and once, the rest of its work: a
// handler the server runs on the socket thread, as it runs an inline attempt (inside the
// middleware; request.run_on_worker passes the request on to the workers). An empty handler
// passes it on at once.
using AsyncAnswer = std::function<void(Handler rest)>;
using AsyncHandler = std::function<void(Request&, AsyncAnswer)>;

struct RouteOptions {
  // Run on the socket thread instead of the worker pool. Only for handlers that never block
  // and where a benchmark shows it pays.
  bool inline_on_io = false;
  // Tried first, on the socket thread and inside the middleware, for a route whose common case
  // is quick and never blocks (an SQLite read with a connection at hand). When it cannot
  // answer without blocking it sets request.run_on_worker; `handler` then runs on the worker
  // pool from the start, so the attempt must have changed nothing by then — and the
  // middleware runs twice for that request, so middleware must have no side effects.
  Handler inline_attempt{};
  // The same for a common case that waits without blocking anyone: started on the socket
  // thread (before the middleware), it hands its waiting to something that calls `answer`
  // later from another thread (a batched database read, db::ReadBatcher), and the connection
  // waits without holding a thread. Until then nothing else touches the request. The rest it
  // hands back runs on the socket thread inside the middleware, like an inline attempt; when
  // it sets run_on_worker (or there is no rest), `handler` starts from the beginning on the
  // worker pool. An attempt that throws before answering passes the request on; one that
  // never answers holds its connection, and stop() waits for it as for a running handler.
  AsyncHandler async_attempt{};
  // The handler spends most of its time waiting for something slower than a database query
  // (a password hash, ~80 ms on a pool of its own): it runs on the server's second set of
  // workers, so a burst of such requests cannot occupy every worker that answers the quick
  // ones (and the quick ones can be given as few workers as their database wants).
  bool long_running = false;
  std::string summary{};  // one line for the OpenAPI document
  std::string tag{};      // OpenAPI grouping, e.g. "auth"
};

struct Route {
  std::string method;
  std::string path_template;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;              // set when method and path matched
  std::vector<std::string> allowed_methods;  // set when only the path matched (405)
};

// Matching works on the raw path (request.target up to '?', or request.path when target is
// empty) split at '/': a static segment matches itself exactly, a {name} segment any
// non-empty segment (its value percent-decoded), and when several templates match, static
// segments beat parameters from left to right. A path with an empty segment ("//") or a
// trailing slash the template lacks does not match. HEAD falls back to the GET route.
class Router {
 public:
  // Throws std::invalid_argument on a duplicate method + template (also "/a/{x}" against
  // "/a/{y}") or a malformed template.
  void add(std::string method, std::string path_template, Handler handler,
           RouteOptions options = {});

  // Fills request.route_template and request.path_params on a match. allowed_methods lists
  // the path's methods in registration order (HEAD after GET when only GET is registered).
  RouteMatch match(Request& request) const;

  // Registration order; the server keeps indexes into it, so add nothing once it serves.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    bool param;
    std::string text;  // the static text or the parameter's name
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;  // parallel to routes_
  // Which segments of each route are parameters (parallel to routes_), for ranking matches
  // without building the shape anew per request.
  std::vector<std::vector<bool>> shapes_;
};

}  // namespace atrium::http
