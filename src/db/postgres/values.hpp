#pragma once
// atrium's Values in PostgreSQL's wire formats: parameters go out as text (bytea as binary)
// with a type OID chosen from the C++ type, results come back as text and are mapped by the
// column's type OID.

#include <span>
#include <string>
#include <vector>

#include "db/value.hpp"

struct pg_result;

namespace atrium::db::postgres {

using Oid = unsigned int;

struct EncodedParams {
  std::vector<Oid> types;  // 0 (let the server infer) for text and NULL
  std::vector<std::string> text;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;  // 0 text, 1 binary
  // One letter per parameter type: a named statement is prepared for one set of types, so
  // the cache key is the SQL plus this.
  std::string type_letters;
};

// Throws DbError(other) for text containing a NUL byte, which PostgreSQL text cannot hold.
EncodedParams encode_params(std::span<const Value> params);

Value decode_value(const pg_result* result, int row, int column);

}  // namespace atrium::db::postgres
