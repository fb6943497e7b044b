#pragma once
// The learner API: profiles and the questionnaire, chat sessions and messages, the admin
// summaries, the request metrics endpoints, readiness and the OpenAPI document. Handlers are
// plain synchronous functions on the worker pool; who is signed in comes from Identity.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "learn/api_docs.hpp"
#include "learn/cors.hpp"
#include "learn/identity.hpp"
#include "learn/metrics.hpp"
#include "learn/settings.hpp"

namespace atrium::learn {

// nullopt when the schema is at head; otherwise what is wrong ("at 7a3e5c2b9f10, head is …").
// Provided by the application, which knows the migration engine.
using SchemaCheck = std::function<std::optional<std::string>(db::Connection&)>;

struct LearnDependencies {
  db::Database& database;
  Identity& identity;
  Clock& clock = system_clock();
  RandomSource& random = system_random();
  SchemaCheck schema_check = {};
};

class LearnApi {
 public:
  LearnApi(LearnDependencies deps, LearnSettings settings);
  ~LearnApi();

  // Registers every learner API route (and /ready, /metrics, /api/openapi.json) on the router.
  // The router is kept to build the OpenAPI document from, so it must outlive this object.
  void register_routes(http::Router& router);

  // Null when ATRIUM_METRICS=off.
  Metrics* metrics() { return metrics_.get(); }
  const CorsPolicy& cors() const { return cors_; }
  const LearnSettings& settings() const { return settings_; }
  const ApiDocs& docs() const { return docs_; }

  // Called by the sign-up transaction (auth's on_user_created) through the application.
  void on_user_created(db::Connection& conn, const std::string& user_id);

  // Handlers.
  http::Response get_profile(http::Request& request);
  http::Response patch_profile(http::Request& request);
  http::Response get_questionnaire(http::Request& request);
  http::Response get_answers(http::Request& request);
  http::Response submit_answers(http::Request& request);
  http::Response questionnaire_stats(http::Request& request);
  http::Response create_session(http::Request& request);
  http::Response list_sessions(http::Request& request);
  http::Response get_session(http::Request& request);
  http::Response delete_session(http::Request& request);
  http::Response claim_session(http::Request& request);
  http::Response append_message(http::Request& request);
  http::Response list_messages(http::Request& request);
  http::Response metrics_summary(http::Request& request);
  http::Response prometheus(http::Request& request);
  http::Response ready(http::Request& request);
  http::Response openapi(http::Request& request);

 private:
  UserRef require_user(const http::Request& request);
  UserRef require_admin(const http::Request& request);
  std::optional<std::string> caller_id(const http::Request& request);

  LearnDependencies deps_;
  LearnSettings settings_;
  std::string catalog_json_;  // served as is
  CorsPolicy cors_;
  std::unique_ptr<Metrics> metrics_;
  ApiDocs docs_;
  const http::Router* router_ = nullptr;
  std::once_flag openapi_once_;
  std::string openapi_json_;
};

}  // namespace atrium::learn
