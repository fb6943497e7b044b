#pragma once
// Checks a questionnaire submission against the catalog before anything is written, so a
// submission that is wrong anywhere stores nothing.
//
// Body: {"answers": {"<question id>": <answer>, …}, "catalog_version": "1"}
//   single_choice   an option value (string)
//   multiple_choice an array of distinct option values, within the selection bounds
//   number          a number within min/max, whole when "integer"
//   free_text       a string of at most max_length characters
//   yes_no          true or false
// A question left out, null, or answered with a blank string is unanswered, which is allowed
// only for optional questions. catalog_version is optional; when sent it must be the served
// catalog's version (409 otherwise: the form was built from an older catalog).

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "learn/profile_patch.hpp"
#include "learn/questionnaire.hpp"

namespace atrium::learn {

struct ValidatedAnswer {
  std::string question_id;
  boost::json::value answer;  // normalised: integers as int64, strings trimmed of nothing
};

struct ValidatedSubmission {
  std::vector<ValidatedAnswer> answers;  // in catalog order
  ProfilePatch profile;                  // the fields the answers fill
};

// Throws atrium::Error: VALIDATION_ERROR (400) naming "[body.answers.<id>]", or
// QUESTIONNAIRE_VERSION_MISMATCH (409).
ValidatedSubmission validate_submission(const Catalog& catalog, const boost::json::value& body);

}  // namespace atrium::learn
