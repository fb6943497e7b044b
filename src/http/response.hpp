#pragma once
// atrium's own response type: what a handler returns.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/cookie.hpp"

namespace atrium::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // in order; duplicates allowed
  std::vector<SetCookie> cookies;                            // each its own Set-Cookie header
  std::string body;
  // When set, the server writes the response no sooner than this (an answer whose timing
  // must not reveal what the handler found); the wait is a timer, no worker is held.
  std::chrono::steady_clock::time_point not_before{};

  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Response& cookie(SetCookie c) {
    cookies.push_back(std::move(c));
    return *this;
  }
  // Replaces (or adds) a header, case-insensitively.
  Response& set_header(std::string_view name, std::string value);
  const std::string* find_header(std::string_view name) const;

  // A body with Content-Type application/json.
  static Response json_text(int status, std::string json);
  static Response text(int status, std::string body, std::string content_type = "text/plain");
  // Empty body, no content type (better-call's 404).
  static Response empty(int status);
  // Better Auth's error shape {"message":…,"code":…}; code left out when empty.
  static Response error(int status, std::string_view message, std::string_view code);
};

}  // namespace atrium::http
