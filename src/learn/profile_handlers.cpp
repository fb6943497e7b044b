// Handlers for /api/profile and the questionnaire.

#include "core/error.hpp"
#include "core/time_format.hpp"
#include "http/json.hpp"
#include "learn/answer_validator.hpp"
#include "learn/learn_api.hpp"
#include "learn/profile_store.hpp"
#include "learn/questionnaire_store.hpp"

namespace atrium::learn {
namespace {

boost::json::object answers_object(const std::vector<StoredAnswer>& answers) {
  boost::json::object out;
  for (const auto& a : answers) out[a.question_id] = a.answer;
  return out;
}

}  // namespace

http::Response LearnApi::get_profile(http::Request& request) {
  const auto user = require_user(request);
  auto conn = deps_.database.acquire();
  return http::json(to_json(get_or_create_profile(*conn, user.id, deps_.clock.now())));
}

http::Response LearnApi::patch_profile(http::Request& request) {
  const auto user = require_user(request);
  const auto patch = parse_profile_patch(http::parse_json_body(request.body));
  auto conn = deps_.database.acquire();
  if (patch.empty()) {
    return http::json(to_json(get_or_create_profile(*conn, user.id, deps_.clock.now())));
  }
  return http::json(to_json(update_profile(*conn, user.id, patch, deps_.clock.now())));
}

http::Response LearnApi::get_questionnaire(http::Request&) {
  return http::Response::json_text(200, catalog_json_);
}

http::Response LearnApi::get_answers(http::Request& request) {
  const auto user = require_user(request);
  auto conn = deps_.database.acquire();
  const auto profile = find_profile(*conn, user.id);
  const auto latest = latest_submission(*conn, user.id);
  boost::json::object out{
      {"catalog_version", settings_.catalog.version},
      {"questionnaire_completed", profile && profile->questionnaire_completed},
      {"submitted_at", latest ? boost::json::value(format_iso8601(latest->submitted_at))
                              : boost::json::value(nullptr)},
      {"answers", latest ? answers_object(latest->answers) : boost::json::object{}}};
  return http::json(out);
}

http::Response LearnApi::submit_answers(http::Request& request) {
  const auto user = require_user(request);
  // Everything is checked before the transaction starts; the transaction makes the writes
  // all-or-nothing should the database fail halfway.
  const auto submission =
      validate_submission(settings_.catalog, http::parse_json_body(request.body));
  auto conn = deps_.database.acquire();
  const auto profile =
      submit_questionnaire(*conn, user.id, submission, deps_.clock.now(), deps_.random);
  std::vector<StoredAnswer> stored;
  for (const auto& a : submission.answers) stored.push_back({a.question_id, a.answer});
  boost::json::object out{{"profile", to_json(profile)},
                          {"submitted_at", format_iso8601(*profile.questionnaire_completed_at)},
                          {"answers", answers_object(stored)}};
  return http::json(out);
}

}  // namespace atrium::learn
