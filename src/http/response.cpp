#include "http/response.hpp"

#include <boost/json/object.hpp>

#include "http/json.hpp"

namespace atrium::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Response& Response::set_header(std::string_view name, std::string value) {
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    if (!iequals(it->first, name)) continue;
    it->second = std::move(value);
    // Later duplicates would contradict the replacement.
    for (auto next = it + 1; next != headers.end();) {
      next = iequals(next->first, name) ? headers.erase(next) : next + 1;
    }
    return *this;
  }
  headers.emplace_back(std::string(name), std::move(value));
  return *this;
}

const std::string* Response::find_header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

Response Response::json_text(int status, std::string json) {
  Response r;
  r.status = status;
  r.headers.reserve(4);  // room for the handler's few own headers without regrowing
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(json);
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

Response Response::empty(int status) {
  Response r;
  r.status = status;
  return r;
}

Response Response::error(int status, std::string_view message, std::string_view code) {
  boost::json::object body;
  body["message"] = message;
  if (!code.empty()) body["code"] = code;
  return json_text(status, stringify(body));
}

}  // namespace atrium::http
