// The questionnaire: submissions (any JSON body) against the shipped catalog, and catalog
// files themselves. A submission either validates or is the 400/409 error; a catalog either
// loads or is one ConfigError line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/error.hpp"
#include "http/json.hpp"
#include "learn/answer_validator.hpp"
#include "learn/questionnaire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const atrium::learn::Catalog catalog =
      atrium::learn::load_catalog_file(ATRIUM_SOURCE_DIR "/share/questionnaire/robotics-v1.json");
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  try {
    const auto body = atrium::http::parse_json_body(input);
    const auto submission = atrium::learn::validate_submission(catalog, body);
    // Validated answers are in catalog order and name real questions.
    for (const auto& answer : submission.answers) {
      if (catalog.find(answer.question_id) == nullptr) std::abort();
    }
  } catch (const atrium::Error&) {
  }

  try {
    const auto parsed = atrium::learn::parse_catalog(input);
    (void)parsed.to_json();
  } catch (const atrium::ConfigError&) {
  }
  return 0;
}
