#include "migrate/sqlite_ddl.hpp"

#include <cctype>

namespace atrium::migrate {
namespace {

struct Token {
  enum Kind { word, quoted, string, punct } kind;
  std::string text;  // identifier unquoted; keyword as written; punctuation char
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      const auto close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
      continue;
    }
    if (c == '"' || c == '`' || c == '[' || c == '\'') {
      const char close = c == '[' ? ']' : c;
      std::string text;
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == close) {
          if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {
            text += close;
            j += 2;
            continue;
          }
          break;
        }
        text += sql[j++];
      }
      out.push_back(
          {c == '\'' ? Token::string : Token::quoted, text, i, std::min(j + 1, sql.size())});
      i = j + 1;
      continue;
    }
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      std::size_t j = i;
      while (j < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$')) {
        ++j;
      }
      out.push_back({Token::word, std::string(sql.substr(i, j - i)), i, j});
      i = j;
      continue;
    }
    out.push_back({Token::punct, std::string(1, c), i, i + 1});
    ++i;
  }
  return out;
}

bool is_kw(const Token& t, std::string_view kw) {
  if (t.kind != Token::word || t.text.size() != kw.size()) return false;
  for (std::size_t i = 0; i < kw.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(t.text[i])) != kw[i]) return false;
  }
  return true;
}

bool is_punct(const Token& t, char c) {
  return t.kind == Token::punct && t.text[0] == c;
}

// Index of the token closing the parenthesis opened at `open`.
std::size_t matching(const std::vector<Token>& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (is_punct(t[i], '(')) ++depth;
    if (is_punct(t[i], ')') && --depth == 0) return i;
  }
  return t.size();
}

std::vector<std::string> names_in(const std::vector<Token>& t, std::size_t open,
                                  std::size_t close) {
  std::vector<std::string> out;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (t[i].kind == Token::word || t[i].kind == Token::quoted) {
      // "col COLLATE x ASC": only the first name of each comma-separated part.
      if (i == open + 1 || is_punct(t[i - 1], ',')) out.push_back(t[i].text);
    }
  }
  return out;
}

bool starts_constraint(const Token& t) {
  return is_kw(t, "CONSTRAINT") || is_kw(t, "PRIMARY") || is_kw(t, "UNIQUE") || is_kw(t, "CHECK") ||
         is_kw(t, "FOREIGN") || is_kw(t, "REFERENCES") || is_kw(t, "NOT") || is_kw(t, "NULL") ||
         is_kw(t, "DEFAULT") || is_kw(t, "COLLATE") || is_kw(t, "GENERATED") || is_kw(t, "AS");
}

}  // namespace

SqliteTableDdl parse_sqlite_create_table(std::string_view sql) {
  SqliteTableDdl out;
  const auto t = tokenize(sql);
  std::size_t open = 0;
  while (open < t.size() && !is_punct(t[open], '(')) ++open;
  const std::size_t close = matching(t, open);
  if (open >= t.size() || close >= t.size()) return out;

  // Split the body into top-level comma-separated items.
  std::vector<std::pair<std::size_t, std::size_t>> items;
  std::size_t start = open + 1;
  int depth = 0;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (is_punct(t[i], '(')) ++depth;
    if (is_punct(t[i], ')')) --depth;
    if (depth == 0 && is_punct(t[i], ',')) {
      items.emplace_back(start, i);
      start = i + 1;
    }
  }
  items.emplace_back(start, close);

  for (auto [b, e] : items) {
    if (b >= e) continue;
    const bool table_constraint = is_kw(t[b], "CONSTRAINT") || is_kw(t[b], "PRIMARY") ||
                                  is_kw(t[b], "UNIQUE") || is_kw(t[b], "CHECK") ||
                                  is_kw(t[b], "FOREIGN");
    std::string column;
    std::size_t i = b;
    if (!table_constraint) {
      column = t[b].text;
      i = b + 1;
      // Skip the type name and its arguments.
      while (i < e && !starts_constraint(t[i])) {
        if (is_punct(t[i], '(')) i = matching(t, i);
        ++i;
      }
    }
    std::string pending;
    while (i < e) {
      if (is_kw(t[i], "CONSTRAINT") && i + 1 < e) {
        pending = t[i + 1].text;
        i += 2;
        continue;
      }
      if (is_kw(t[i], "PRIMARY")) {
        out.primary_key_name = pending;
        pending.clear();
        ++i;
        continue;
      }
      if (is_kw(t[i], "AUTOINCREMENT")) {
        out.autoincrement = true;
        ++i;
        continue;
      }
      if (is_kw(t[i], "UNIQUE")) {
        std::vector<std::string> cols{column};
        if (table_constraint && i + 1 < e && is_punct(t[i + 1], '(')) {
          const auto c = matching(t, i + 1);
          cols = names_in(t, i + 1, c);
          i = c;
        }
        out.uniques.push_back({pending, cols});
        pending.clear();
        ++i;
        continue;
      }
      if (is_kw(t[i], "CHECK") && i + 1 < e && is_punct(t[i + 1], '(')) {
        const auto c = matching(t, i + 1);
        std::string expr(sql.substr(t[i + 1].end, t[c].begin - t[i + 1].end));
        while (!expr.empty() && std::isspace(static_cast<unsigned char>(expr.back())))
          expr.pop_back();
        while (!expr.empty() && std::isspace(static_cast<unsigned char>(expr.front())))
          expr.erase(0, 1);
        out.checks.push_back({pending, expr});
        pending.clear();
        i = c + 1;
        continue;
      }
      if (is_kw(t[i], "FOREIGN") && i + 2 < e && is_punct(t[i + 2], '(')) {
        const auto c = matching(t, i + 2);
        ForeignKey fk;
        fk.name = pending;
        fk.columns = names_in(t, i + 2, c);
        i = c + 1;
        if (i + 1 < e && is_kw(t[i], "REFERENCES")) {
          fk.ref_table = t[i + 1].text;
          i += 2;
        }
        out.foreign_keys.push_back(fk);
        pending.clear();
        continue;
      }
      if (is_kw(t[i], "REFERENCES") && i + 1 < e) {
        ForeignKey fk;
        fk.name = pending;
        fk.columns = {column};
        fk.ref_table = t[i + 1].text;
        out.foreign_keys.push_back(fk);
        pending.clear();
        i += 2;
        continue;
      }
      if (is_punct(t[i], '(')) i = matching(t, i);
      ++i;
    }
  }
  return out;
}

std::string sqlite_index_predicate(std::string_view sql) {
  const auto t = tokenize(sql);
  int depth = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (is_punct(t[i], '(')) ++depth;
    if (is_punct(t[i], ')')) --depth;
    if (depth == 0 && is_kw(t[i], "WHERE") && i + 1 < t.size()) {
      std::string pred(sql.substr(t[i + 1].begin));
      while (!pred.empty() &&
             (std::isspace(static_cast<unsigned char>(pred.back())) || pred.back() == ';')) {
        pred.pop_back();
      }
      return pred;
    }
  }
  return {};
}

}  // namespace atrium::migrate
