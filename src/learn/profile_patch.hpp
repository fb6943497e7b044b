#pragma once
// Validation of changes to a profile, shared by PATCH /api/profile and by the questionnaire
// (whose answers fill profile fields). The documented rules:
//
//   experience_level              beginner | intermediate | advanced
//   learning_style                visual | auditory | reading | hands_on | mixed
//   programming_years             integer 0..80
//   has_robotics_projects         boolean
//   learning_goals                string, at most 2000 characters
//   robotics_projects_description string, at most 2000 characters
//   software_background           object {languages, frameworks, tools: [string], notes: string}
//   hardware_background           object {platforms, components, tools: [string], notes: string}
//                                 every key optional, no other keys; a list has at most 32
//                                 distinct non-empty strings of at most 64 characters; notes at
//                                 most 2000 characters
//   preferences                   any JSON object of at most 8192 bytes serialised
//
// Every field may be null (clears it). PATCH replaces a background object as a whole; the
// questionnaire sets single keys of it ("software_background.languages") and keeps the rest.
// questionnaire_completed, timestamps and user_id are not writable; unknown fields are refused
// so a misspelt field is an error rather than a silent no-op.

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace atrium::learn {

inline constexpr std::array<std::string_view, 3> kExperienceLevels = {"beginner", "intermediate",
                                                                      "advanced"};
inline constexpr std::array<std::string_view, 5> kLearningStyles = {"visual", "auditory", "reading",
                                                                    "hands_on", "mixed"};
inline constexpr std::array<std::string_view, 4> kSoftwareBackgroundKeys = {
    "languages", "frameworks", "tools", "notes"};
inline constexpr std::array<std::string_view, 4> kHardwareBackgroundKeys = {
    "platforms", "components", "tools", "notes"};
inline constexpr std::int64_t kMaxProgrammingYears = 80;
inline constexpr std::size_t kMaxTextChars = 2000;
inline constexpr std::size_t kMaxListItems = 32;
inline constexpr std::size_t kMaxListItemChars = 64;
inline constexpr std::size_t kMaxPreferencesBytes = 8192;

// absent: leave alone; nullopt inside: set NULL; a value: set it.
template <class T>
using Change = std::optional<std::optional<T>>;

struct ProfilePatch {
  Change<boost::json::object> software_background;
  Change<boost::json::object> hardware_background;
  Change<std::string> experience_level;
  Change<std::string> learning_goals;
  Change<bool> has_robotics_projects;
  Change<std::string> robotics_projects_description;
  Change<std::int64_t> programming_years;
  Change<std::string> learning_style;
  Change<boost::json::object> preferences;
  // Keys set inside the stored background objects (questionnaire answers), after any
  // replacement above.
  boost::json::object software_background_keys;
  boost::json::object hardware_background_keys;

  bool empty() const;
};

// Parses a PATCH /api/profile body (a JSON object). Throws the VALIDATION_ERROR described in
// validation.hpp, naming the first bad field.
ProfilePatch parse_profile_patch(const boost::json::value& body);

// Applies one field to a patch: a column name, or "<background>.<key>" for one key of a
// background object. `path` names the value in error messages. Throws VALIDATION_ERROR.
void apply_profile_field(ProfilePatch& patch, std::string_view field, const boost::json::value& v,
                         std::string_view path);

// Whether `field` names something apply_profile_field accepts (for checking a catalog).
bool is_profile_field(std::string_view field);

// Merges a patch's background keys into a stored background (null or an object).
boost::json::value merge_background(const boost::json::value& stored,
                                    const boost::json::object& keys);

}  // namespace atrium::learn
