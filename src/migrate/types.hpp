#pragma once
// Logical types and server defaults per dialect: how they are spelled in DDL, and what they
// mean, so a database built by another tool (`JSON`, `FLOAT`, `TIMESTAMP WITH TIME ZONE`,
// `CURRENT_TIMESTAMP`) compares equal to atrium's own spelling when it means the same.

#include <string>
#include <string_view>

#include "migrate/model.hpp"

namespace atrium::migrate {

std::string render_type(const Type& type, Dialect dialect);

// A canonical token for what a type means on a dialect: "text", "varchar(20)", "integer",
// "bigint", "double", "boolean", "timestamptz", "timestamp", "date", "uuid", "char(36)", "json"…
// On SQLite every integer width is "integer" and JSON is text, as the engine stores them.
std::string type_meaning(const Type& type, Dialect dialect);
std::string type_meaning(std::string_view spelling, Dialect dialect);

// The DEFAULT expression for a dialect (without the DEFAULT keyword).
std::string render_default(const Default& value, Dialect dialect);

// A canonical token for what a default means: "now", "bool:false", "num:0", "str:abc", or the
// expression lower-cased with spaces removed.
std::string default_meaning(const Default& value, Dialect dialect);
std::string default_meaning(std::string_view expression, Dialect dialect);

// Whether SQLite accepts the default in ALTER TABLE ADD COLUMN (it must be constant).
bool is_constant_default(const Default& value, Dialect dialect);

}  // namespace atrium::migrate
