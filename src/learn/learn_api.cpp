#include "learn/learn_api.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "http/json.hpp"
#include "learn/api_schemas.hpp"
#include "learn/auth_api_docs.hpp"
#include "learn/profile_store.hpp"

namespace atrium::learn {

// cppcheck-suppress passedByValue ; LearnDependencies holds only references: free to copy
LearnApi::LearnApi(LearnDependencies deps, LearnSettings settings)
    : deps_(std::move(deps)),
      settings_(std::move(settings)),
      catalog_json_(http::stringify(settings_.catalog.to_json())),
      cors_(settings_.cors_base_url, settings_.cors_origins) {
  if (settings_.metrics_enabled) {
    metrics_ = std::make_unique<Metrics>(deps_.database, deps_.clock, settings_.metrics_writer);
  }
  add_learn_schemas(docs_);
  add_auth_docs(docs_);
}

LearnApi::~LearnApi() = default;

void LearnApi::on_user_created(db::Connection& conn, const std::string& user_id) {
  create_profile(conn, user_id, deps_.clock.now());
}

UserRef LearnApi::require_user(const http::Request& request) {
  auto user = deps_.identity.current_user(request);
  if (!user) throw Error(ErrorKind::unauthorized, "UNAUTHORIZED", "Sign in first");
  return *user;
}

UserRef LearnApi::require_admin(const http::Request& request) {
  auto user = require_user(request);
  std::string email = user.email;
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const auto& admins = settings_.admin_emails;
  if (std::find(admins.begin(), admins.end(), email) == admins.end()) {
    throw Error(ErrorKind::forbidden, "FORBIDDEN", "Only administrators may do this");
  }
  return user;
}

std::optional<std::string> LearnApi::caller_id(const http::Request& request) {
  if (auto user = deps_.identity.current_user(request)) return user->id;
  return std::nullopt;
}

void LearnApi::register_routes(http::Router& router) {
  router_ = &router;
  using H = http::Response (LearnApi::*)(http::Request&);
  auto add = [&](const char* method, const char* path, H handler, RouteDoc doc,
                 bool inline_on_io = false) {
    router.add(method, path, [this, handler](http::Request& r) { return (this->*handler)(r); },
               // cppcheck-suppress selfAssignment ; a designated initializer, not an assignment
               {.inline_on_io = inline_on_io, .summary = doc.summary, .tag = doc.tag});
    docs_.add(method, path, std::move(doc));
  };
  const auto bad_request =
      std::pair{400, std::string("Invalid input (VALIDATION_ERROR names the field)")};
  const auto session_missing = std::pair{404, std::string("No such session visible to the caller")};
  const std::vector<QueryParam> paging = {
      {"limit",
       "Page size, 1 to 100 (default 20)",
       {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}},
      {"cursor", "next_cursor from the previous page", {{"type", "string"}}}};

  add("GET", "/api/profile", &LearnApi::get_profile,
      {.summary = "The signed-in user's profile",
       .description = "Created on first access for users that have none.",
       .tag = "profile",
       .access = Access::user,
       .response_schema = schema_ref("Profile")});
  add("PATCH", "/api/profile", &LearnApi::patch_profile,
      {.summary = "Update profile fields",
       .description =
           "Partial update: absent fields stay, null clears, unknown fields are refused.",
       .tag = "profile",
       .access = Access::user,
       .request_schema = schema_ref("ProfilePatch"),
       .response_schema = schema_ref("Profile"),
       .errors = {bad_request}});
  add("GET", "/api/questionnaire", &LearnApi::get_questionnaire,
      {.summary = "The background questionnaire",
       .tag = "questionnaire",
       .response_schema = schema_ref("Questionnaire")},
      true);
  add("GET", "/api/profile/questionnaire", &LearnApi::get_answers,
      {.summary = "The signed-in user's latest questionnaire answers",
       .tag = "questionnaire",
       .access = Access::user,
       .response_schema = schema_ref("QuestionnaireAnswers")});
  add("POST", "/api/profile/questionnaire", &LearnApi::submit_answers,
      {.summary = "Submit questionnaire answers",
       .description = "Validates every answer, stores them, fills the mapped profile fields and "
                      "marks the questionnaire completed, in one transaction.",
       .tag = "questionnaire",
       .access = Access::user,
       .request_schema = schema_ref("QuestionnaireSubmission"),
       .response_schema = schema_ref("QuestionnaireResult"),
       .errors = {bad_request, {409, "catalog_version is not the current catalog's"}}});
  add("GET", "/api/admin/questionnaire/stats", &LearnApi::questionnaire_stats,
      {.summary = "Questionnaire completion and answer distributions",
       .tag = "admin",
       .access = Access::admin,
       .response_schema = schema_ref("QuestionnaireStats")});
  add("POST", "/api/chat/sessions", &LearnApi::create_session,
      {.summary = "Start a chat session",
       .description = "Owned by the signed-in user, or anonymous for a visitor (reachable only "
                      "through its id).",
       .tag = "chat",
       .access = Access::visitor_or_user,
       .success_status = 201,
       .success_description = "Created",
       .response_schema = schema_ref("ChatSession"),
       .errors = {bad_request}});
  add("GET", "/api/chat/sessions", &LearnApi::list_sessions,
      {.summary = "The signed-in user's sessions, newest first",
       .tag = "chat",
       .access = Access::user,
       .response_schema = schema_ref("ChatSessionPage"),
       .query = paging,
       .errors = {bad_request}});
  add("GET", "/api/chat/sessions/{id}", &LearnApi::get_session,
      {.summary = "One session",
       .tag = "chat",
       .access = Access::visitor_or_user,
       .response_schema = schema_ref("ChatSession"),
       .errors = {session_missing}});
  add("DELETE", "/api/chat/sessions/{id}", &LearnApi::delete_session,
      {.summary = "Delete a session and its messages",
       .tag = "chat",
       .access = Access::visitor_or_user,
       .success_status = 204,
       .success_description = "Deleted",
       .errors = {session_missing}});
  add("POST", "/api/chat/sessions/{id}/claim", &LearnApi::claim_session,
      {.summary = "Take ownership of an anonymous session",
       .tag = "chat",
       .access = Access::user,
       .response_schema = schema_ref("ChatSession"),
       .errors = {session_missing, {409, "The session is already owned"}}});
  add("POST", "/api/chat/sessions/{id}/messages", &LearnApi::append_message,
      {.summary = "Append a message",
       .tag = "chat",
       .access = Access::visitor_or_user,
       .request_schema = schema_ref("NewChatMessage"),
       .success_status = 201,
       .success_description = "Created",
       .response_schema = schema_ref("ChatMessage"),
       .errors = {bad_request, session_missing}});
  add("GET", "/api/chat/sessions/{id}/messages", &LearnApi::list_messages,
      {.summary = "A session's messages, oldest first",
       .tag = "chat",
       .access = Access::visitor_or_user,
       .response_schema = schema_ref("ChatMessagePage"),
       .query = paging,
       .errors = {bad_request, session_missing}});
  add("GET", "/api/admin/metrics", &LearnApi::metrics_summary,
      {.summary = "Request counts, error rates and latency percentiles per endpoint",
       .description = "Percentiles are nearest-rank over api_metrics rows in the window.",
       .tag = "admin",
       .access = Access::admin,
       .response_schema = schema_ref("MetricsSummary"),
       .query = {{"since",
                  "Start of the window, ISO-8601 (default: 24 hours ago)",
                  {{"type", "string"}, {"format", "date-time"}}},
                 {"until",
                  "End of the window, exclusive, ISO-8601 (default: now)",
                  {{"type", "string"}, {"format", "date-time"}}}},
       .errors = {bad_request}});
  add("GET", "/metrics", &LearnApi::prometheus,
      {.summary = "Prometheus metrics",
       .tag = "service",
       .access = Access::loopback_or_token,
       .response_schema = {{"type", "string"}},
       .response_content_type = "text/plain; version=0.0.4"},
      true);
  add("GET", "/ready", &LearnApi::ready,
      {.summary = "Readiness: the database answers and its schema is at head",
       .tag = "service",
       .response_schema = schema_ref("Readiness"),
       .errors = {{503, "Not ready"}}});
  // Registered by the application; documented here so the document describes it fully.
  docs_.add("GET", "/health",
            {.summary = "Liveness", .tag = "service", .response_schema = {{"type", "object"}}});
  add("GET", "/api/openapi.json", &LearnApi::openapi,
      {.summary = "This document", .tag = "service", .response_schema = {{"type", "object"}}},
      true);
}

}  // namespace atrium::learn
