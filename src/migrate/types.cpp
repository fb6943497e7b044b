#include "migrate/types.hpp"

#include <cctype>

#include "migrate/identifier.hpp"

namespace atrium::migrate {
namespace {

constexpr std::string_view kSqliteNow = "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Lower-case, runs of whitespace collapsed to one space, no space around parentheses/commas.
std::string normalize_spelling(std::string_view s) {
  std::string out;
  bool space = false;
  for (char raw : s) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(raw)));
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space && c != '(' && c != ')' && c != ',' && out.back() != '(' && out.back() != ',') {
      out += ' ';
    }
    space = false;
    out += c;
  }
  return out;
}

// Splits "varchar(20)" into ("varchar", "20"); no parentheses gives an empty argument.
std::pair<std::string, std::string> split_args(const std::string& s) {
  const auto open = s.find('(');
  if (open == std::string::npos || s.back() != ')') return {s, {}};
  std::string base = s.substr(0, open);
  while (!base.empty() && base.back() == ' ') base.pop_back();
  return {base, s.substr(open + 1, s.size() - open - 2)};
}

std::string strip_parens(std::string s) {
  auto trim = [](std::string& t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  };
  trim(s);
  while (s.size() >= 2 && s.front() == '(' && s.back() == ')') {
    // Only strip when the outer pair encloses everything.
    int depth = 0;
    bool encloses = true;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '(') ++depth;
      if (s[i] == ')') --depth;
      if (depth == 0 && i + 1 < s.size()) {
        encloses = false;
        break;
      }
    }
    if (!encloses) break;
    s = s.substr(1, s.size() - 2);
    trim(s);
  }
  return s;
}

bool is_number(std::string_view s) {
  if (s.empty()) return false;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string render_type(const Type& type, Dialect dialect) {
  const bool pg = dialect == Dialect::postgresql;
  switch (type.kind) {
    case TypeKind::text:
      return "text";
    case TypeKind::string:
      return "varchar(" + std::to_string(type.length) + ")";
    case TypeKind::integer:
      return "integer";
    case TypeKind::big_integer:
      return pg || type.better_auth ? "bigint" : "integer";
    case TypeKind::float_:
      return pg ? "double precision" : "real";
    case TypeKind::boolean:
      return pg ? "boolean" : (type.better_auth ? "integer" : "boolean");
    case TypeKind::timestamp:
      return pg ? "timestamptz" : (type.better_auth ? "date" : "timestamp");
    case TypeKind::uuid:
      return pg ? "uuid" : "char(36)";
    case TypeKind::json:
      return pg ? (type.better_auth ? "jsonb" : "json") : "text";
    case TypeKind::raw:
      return type.raw;
  }
  return type.raw;
}

std::string type_meaning(const Type& type, Dialect dialect) {
  return type_meaning(render_type(type, dialect), dialect);
}

std::string type_meaning(std::string_view spelling, Dialect dialect) {
  std::string s = normalize_spelling(spelling);
  auto [base, args] = split_args(s);
  const bool pg = dialect == Dialect::postgresql;

  if (base == "text" || base == "clob") return "text";
  if (base == "varchar" || base == "character varying" || base == "nvarchar" ||
      base == "varying character" || base == "native character") {
    return args.empty() ? (pg ? "varchar" : "text") : "varchar(" + args + ")";
  }
  if (base == "char" || base == "character" || base == "nchar" || base == "bpchar") {
    return "char(" + (args.empty() ? std::string("1") : args) + ")";
  }
  if (base == "integer" || base == "int" || base == "int4" || base == "mediumint") {
    return "integer";
  }
  if (base == "smallint" || base == "int2") return pg ? "smallint" : "integer";
  if (base == "bigint" || base == "int8") return pg ? "bigint" : "integer";
  if (base == "double precision" || base == "float8" || base == "double" || base == "float") {
    return "double";
  }
  if (base == "real" || base == "float4") return pg ? "real" : "double";
  if (base == "boolean" || base == "bool") return "boolean";
  if (base == "timestamp with time zone" || base == "timestamptz") return "timestamptz";
  if (base == "timestamp" || base == "timestamp without time zone" || base == "datetime") {
    return "timestamp";
  }
  if (base == "date") return "date";
  if (base == "uuid") return "uuid";
  if (base == "json") return pg ? "json" : "text";
  if (base == "jsonb") return "jsonb";
  return s;
}

std::string render_default(const Default& value, Dialect dialect) {
  const bool pg = dialect == Dialect::postgresql;
  switch (value.kind) {
    case Default::Kind::now:
      return pg ? "now()" : std::string(kSqliteNow);
    case Default::Kind::current_timestamp:
      return "CURRENT_TIMESTAMP";
    case Default::Kind::boolean:
      return pg ? (value.boolean_value ? "true" : "false") : (value.boolean_value ? "1" : "0");
    case Default::Kind::integer:
      return std::to_string(value.integer_value);
    case Default::Kind::string:
      return quote_literal(value.text);
    case Default::Kind::sql:
      // SQLite reports an expression default without the parentheses it needs in DDL.
      if (!pg && !value.text.empty() && strip_parens(value.text) == value.text) {
        return "(" + value.text + ")";
      }
      return value.text;
  }
  return value.text;
}

std::string default_meaning(const Default& value, Dialect dialect) {
  return default_meaning(render_default(value, dialect), dialect);
}

std::string default_meaning(std::string_view expression, Dialect dialect) {
  std::string s = strip_parens(std::string(expression));
  const bool pg = dialect == Dialect::postgresql;
  std::string compact;
  for (char c : lower(s)) {
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  }
  if (pg) {
    // PostgreSQL shows a typed literal as 'x'::text; the cast adds no meaning here.
    const auto cast = compact.rfind("::");
    if (cast != std::string::npos && compact.front() == '\'') compact.erase(cast);
    if (compact == "now()" || compact == "current_timestamp" ||
        compact == "transaction_timestamp()") {
      return "now";
    }
  } else {
    if (compact == "strftime('%y-%m-%dt%h:%m:%fz','now')") return "now";
  }
  if (compact == "false" || (!pg && compact == "0")) return "bool:false";
  if (compact == "true" || (!pg && compact == "1")) return "bool:true";
  if (compact == "'false'" || compact == "'f'") return pg ? "bool:false" : "str:false";
  if (compact == "'true'" || compact == "'t'") return pg ? "bool:true" : "str:true";
  if (is_number(compact)) return "num:" + compact;
  if (compact.size() >= 2 && compact.front() == '\'' && compact.back() == '\'') {
    // Keep the literal's case: only the surrounding SQL is case-insensitive.
    std::string original = strip_parens(std::string(expression));
    const auto cast = original.rfind("::");
    if (cast != std::string::npos && original.front() == '\'') original.erase(cast);
    std::string inner;
    for (std::size_t i = 1; i + 1 < original.size(); ++i) {
      inner += original[i];
      if (original[i] == '\'' && i + 2 < original.size() && original[i + 1] == '\'') ++i;
    }
    if (is_number(inner) && pg) return "num:" + inner;
    return "str:" + inner;
  }
  return compact;
}

bool is_constant_default(const Default& value, Dialect dialect) {
  switch (value.kind) {
    case Default::Kind::now:
    case Default::Kind::current_timestamp:
      return false;
    case Default::Kind::sql: {
      const std::string m = default_meaning(value, dialect);
      return m.rfind("num:", 0) == 0 || m.rfind("str:", 0) == 0 || m.rfind("bool:", 0) == 0 ||
             m == "null";
    }
    default:
      return true;
  }
}

}  // namespace atrium::migrate
