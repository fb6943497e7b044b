#include "auth/request_body.hpp"

#include <boost/json/object.hpp>
#include <string>

#include "core/error.hpp"
#include "http/json.hpp"
#include "http/url_decode.hpp"

namespace atrium::auth {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

boost::json::object parse_form(std::string_view body) {
  // URLSearchParams, then result[key] = value: the last of repeated keys wins.
  boost::json::object out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = http::form_decode(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string{} : http::form_decode(pair.substr(eq + 1));
    out[key] = value;
  }
  return out;
}

}  // namespace

std::optional<boost::json::value> read_body(const http::Request& request, AllowedMedia allowed) {
  if (request.body.empty()) return std::nullopt;
  const std::string content_type(request.header("content-type").value_or(""));
  const std::string normalized = lower(content_type);
  const std::string media(trim(std::string_view(normalized).substr(0, normalized.find(';'))));
  const bool form_allowed = allowed == AllowedMedia::json_or_form;
  const char* allowed_list =
      form_allowed ? "application/x-www-form-urlencoded, application/json" : "application/json";
  if (media != "application/json" &&
      !(form_allowed && media == "application/x-www-form-urlencoded")) {
    if (normalized.empty()) {
      throw Error(ErrorKind::unsupported_media_type, "UNSUPPORTED_MEDIA_TYPE",
                  std::string("Content-Type is required. Allowed types: ") + allowed_list);
    }
    throw Error(
        ErrorKind::unsupported_media_type, "UNSUPPORTED_MEDIA_TYPE",
        "Content-Type \"" + content_type + "\" is not allowed. Allowed types: " + allowed_list);
  }
  if (media == "application/json") return http::parse_json_body(request.body);
  return boost::json::value(parse_form(request.body));
}

}  // namespace atrium::auth
