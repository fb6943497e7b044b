#pragma once
// Request bodies as better-call reads them (utils.mjs getBody): a body is there only when it
// is non-empty; its Content-Type must be one the endpoint allows (415 otherwise); JSON is
// parsed (400 "Invalid JSON in request body"), form bodies become an object of strings.

#include <boost/json/value.hpp>
#include <optional>

#include "http/request.hpp"

namespace atrium::auth {

enum class AllowedMedia {
  json,          // every endpoint by default
  json_or_form,  // sign-in/email and sign-up/email also take application/x-www-form-urlencoded
};

// nullopt when there is no body (JavaScript's undefined).
std::optional<boost::json::value> read_body(const http::Request& request, AllowedMedia allowed);

}  // namespace atrium::auth
