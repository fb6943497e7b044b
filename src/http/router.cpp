#include "http/router.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <stdexcept>

#include "http/cookie.hpp"

namespace atrium::http {
namespace {

// Most paths have few segments: those fit without an allocation per request.
using PathParts = boost::container::small_vector<std::string_view, 8>;

// "/" -> {""}, "/a/b" -> {"a","b"}, "/a/" -> {"a",""}.
PathParts split_path(std::string_view path) {
  PathParts parts;
  path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Static segments rank above parameters, position by position from the left.
bool more_specific(const std::vector<bool>& a, const std::vector<bool>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] != b[i]) return !a[i];  // a static where b has a parameter
  }
  return false;
}

}  // namespace

void Router::add(std::string method, std::string path_template, Handler handler,
                 RouteOptions options) {
  auto malformed = [&](const char* why) {
    return std::invalid_argument("route template \"" + path_template + "\": " + why);
  };
  if (method.empty()) throw std::invalid_argument("route method is empty");
  if (path_template.empty() || path_template.front() != '/') throw malformed("must start with /");
  if (path_template.find("//") != std::string::npos) throw malformed("empty segment");
  if (!handler) throw malformed("no handler");

  std::vector<Segment> segments;
  std::vector<std::string> names;
  for (std::string_view part : split_path(path_template)) {
    bool has_brace = part.find_first_of("{}") != std::string_view::npos;
    if (!has_brace) {
      segments.push_back({false, std::string(part)});
      continue;
    }
    if (part.size() < 3 || part.front() != '{' || part.back() != '}') {
      throw malformed("a parameter must be a whole segment, e.g. /{id}");
    }
    std::string_view name = part.substr(1, part.size() - 2);
    if (!std::all_of(name.begin(), name.end(), is_name_char)) {
      throw malformed("parameter names use letters, digits and _");
    }
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw malformed("parameter name used twice");
    }
    names.emplace_back(name);
    segments.push_back({true, std::string(name)});
  }

  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method != method || segments_[i].size() != segments.size()) continue;
    bool same_shape = true;
    for (std::size_t k = 0; k < segments.size() && same_shape; ++k) {
      const Segment& a = segments_[i][k];
      const Segment& b = segments[k];
      same_shape = a.param == b.param && (a.param || a.text == b.text);
    }
    if (same_shape) {
      std::string what = "duplicate route ";
      what.append(method).append(" ").append(path_template);
      what.append(" (as ").append(routes_[i].path_template).append(")");
      throw std::invalid_argument(what);
    }
  }

  routes_.push_back(
      Route{std::move(method), std::move(path_template), std::move(handler), std::move(options)});
  std::vector<bool> shape;
  shape.reserve(segments.size());
  for (const auto& seg : segments) shape.push_back(seg.param);
  shapes_.push_back(std::move(shape));
  segments_.push_back(std::move(segments));
}

RouteMatch Router::match(Request& request) const {
  RouteMatch result;
  std::string_view raw =
      request.target.empty() ? std::string_view(request.path) : std::string_view(request.target);
  raw = raw.substr(0, raw.find('?'));
  if (raw.empty() || raw.front() != '/' || raw.find("//") != std::string_view::npos) {
    return result;
  }
  const PathParts parts = split_path(raw);

  auto path_matches = [&](std::size_t i) {
    const auto& segs = segments_[i];
    if (segs.size() != parts.size()) return false;
    for (std::size_t k = 0; k < segs.size(); ++k) {
      if (segs[k].param ? parts[k].empty() : segs[k].text != parts[k]) return false;
    }
    return true;
  };
  auto best_for = [&](std::string_view method) -> std::optional<std::size_t> {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
      if (routes_[i].method != method || !path_matches(i)) continue;
      if (!best || more_specific(shapes_[i], shapes_[*best])) best = i;
    }
    return best;
  };

  std::optional<std::size_t> found = best_for(request.method);
  if (!found && request.method == "HEAD") found = best_for("GET");
  if (found) {
    const Route& route = routes_[*found];
    request.route_template = route.path_template;
    request.path_params.clear();
    const auto& segs = segments_[*found];
    for (std::size_t k = 0; k < segs.size(); ++k) {
      if (!segs[k].param) continue;
      auto decoded = decode_uri_component(parts[k]);
      request.path_params[segs[k].text] = decoded ? std::move(*decoded) : std::string(parts[k]);
    }
    result.route = &route;
    return result;
  }

  bool has_get = false;
  bool has_head = false;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!path_matches(i)) continue;
    const std::string& m = routes_[i].method;
    if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), m) !=
        result.allowed_methods.end()) {
      continue;
    }
    result.allowed_methods.push_back(m);
    has_get = has_get || m == "GET";
    has_head = has_head || m == "HEAD";
  }
  if (has_get && !has_head) {
    auto get = std::find(result.allowed_methods.begin(), result.allowed_methods.end(), "GET");
    result.allowed_methods.insert(get + 1, "HEAD");
  }
  return result;
}

}  // namespace atrium::http
