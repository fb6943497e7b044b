#pragma once
// JSON Schemas of the learner API's bodies, for the OpenAPI document.

#include "learn/api_docs.hpp"

namespace atrium::learn {

void add_learn_schemas(ApiDocs& docs);

}  // namespace atrium::learn
