#include "db/placeholders.hpp"

#include <cctype>

namespace atrium::db {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Copies a quoted run starting at sql[i] (the opening quote) up to and including its closing
// quote; a doubled closing quote is an escaped one. Returns the index after the run.
std::size_t copy_quoted(std::string_view sql, std::size_t i, char close, std::string& out) {
  out.push_back(sql[i++]);
  while (i < sql.size()) {
    char c = sql[i++];
    out.push_back(c);
    if (c == close) {
      if (i < sql.size() && sql[i] == close && close != ']') {
        out.push_back(sql[i++]);
        continue;
      }
      break;
    }
  }
  return i;
}

}  // namespace

std::string rewrite_placeholders_for_sqlite(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      i = copy_quoted(sql, i, c, out);
    } else if (c == '[') {
      i = copy_quoted(sql, i, ']', out);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      auto end = sql.find('\n', i);
      end = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      auto end = sql.find("*/", i + 2);
      end = end == std::string_view::npos ? sql.size() : end + 2;
      out.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1]) &&
               (i == 0 ||
                !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      // `$` inside an identifier (SQLite allows it in names) is left alone.
      out.push_back('?');
      ++i;
      while (i < sql.size() && is_digit(sql[i])) out.push_back(sql[i++]);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

}  // namespace atrium::db
