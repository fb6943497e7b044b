#pragma once
// user_background_questionnaire rows: one per answer, kept as history. A submission's rows share
// one answered_at, strictly later than the user's previous submission, so "the latest answers"
// are exactly the rows at the user's newest answered_at.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "db/connection.hpp"
#include "learn/answer_validator.hpp"
#include "learn/profile.hpp"
#include "learn/questionnaire.hpp"

namespace atrium::learn {

struct StoredAnswer {
  std::string question_id;
  boost::json::value answer;
};

struct Submission {
  TimePoint submitted_at;
  std::vector<StoredAnswer> answers;
};

// Stores the answers, fills the profile fields they map to and marks the questionnaire
// completed, all in one transaction. Returns the updated profile.
Profile submit_questionnaire(db::Connection& conn, const std::string& user_id,
                             const ValidatedSubmission& submission, TimePoint now,
                             RandomSource& random);

std::optional<Submission> latest_submission(db::Connection& conn, const std::string& user_id);

// Completion rate over all users, and per question of the catalog the distribution of the
// latest answers: counts per option (choice kinds), yes/no counts, min/median/max (numbers;
// the median of an even count is the mean of the middle two), answered counts (free text).
// Aggregated in SQL.
boost::json::object questionnaire_stats(db::Connection& conn, const Catalog& catalog);

}  // namespace atrium::learn
