// Every secret comparison goes through auth::constant_time_equal (libsodium's sodium_memcmp):
// a test of that function, and a search of src/ for tokens, secrets, signatures and hashes
// compared with ==, !=, compare(), strcmp() or memcmp(), which leak through timing how much
// of a secret an attacker guessed. The search is checked on known-bad and known-good lines
// first, so it cannot pass by matching nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "auth/constant_time.hpp"

namespace {

using atrium::auth::constant_time_equal;

TEST(ConstantTimeEqual, EqualOnlyForSameBytesAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("abc.def=", "abc.def="));
  EXPECT_FALSE(constant_time_equal("abc.def=", "abc.deg="));
  EXPECT_FALSE(constant_time_equal("xbc.def=", "abc.def="));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  // Embedded NULs are bytes like any other (no C-string shortcut).
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  EXPECT_TRUE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
}

// Names that hold secrets (or values compared against them), as snake_case words: a CamelCase
// type (Token::word, CookieSigner) or a longer word (signal, hasher, unsign) is not one.
const char* const kSecretWord =
    "(^|[^A-Za-z])(token|secret|signature|sig|hash|digest|password|mac)s?($|[^a-z])";

// The operand's last part says it is not the secret itself: a name, a size, a character, a
// kind or an enumerator.
bool benign_operand(const std::string& operand) {
  static const std::regex benign(
      R"((_name\(\)|\.size\(\)|\.length\(\)|\.empty\(\)|\.front\(\)|\.back\(\)|\.verdict|\.kind|_kind|nullptr|npos|[A-Z]\w*::\w+)$)");
  return std::regex_search(operand, benign);
}

// Line numbers (1-based) of the plain comparisons of secrets in a source text.
std::vector<int> plain_secret_comparisons(const std::string& text) {
  static const std::regex operand_left(R"(([A-Za-z_][\w.:>\[\]-]*(\(\))?)\s*(==|!=))");
  static const std::regex operand_right(R"((==|!=)\s*([A-Za-z_][\w.:>\[\]-]*(\(\))?))");
  static const std::regex secret(kSecretWord);
  static const std::regex c_compare(R"(\b(strn?cmp|memcmp|sodium_memcmp|CRYPTO_memcmp|bcmp)\s*\()");
  static const std::regex member_compare(R"((\w+)(\(\))?\s*\.\s*compare\s*\(([^;]*))");

  std::vector<int> hits;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto comment = line.find("//");
    if (comment != std::string::npos) line.erase(comment);
    // std::regex is slow; most lines compare nothing.
    if (line.find("==") == std::string::npos && line.find("!=") == std::string::npos &&
        line.find("cmp") == std::string::npos && line.find("compare") == std::string::npos) {
      continue;
    }
    bool hit = std::regex_search(line, c_compare);
    for (auto it = std::sregex_iterator(line.begin(), line.end(), member_compare);
         !hit && it != std::sregex_iterator(); ++it) {
      // token.compare(x) or x.compare(…, signature, …)
      hit = std::regex_search("." + std::string((*it)[1]), secret) ||
            std::regex_search(std::string((*it)[3]), secret);
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), operand_left);
         !hit && it != std::sregex_iterator(); ++it) {
      const std::string operand = (*it)[1];
      hit = std::regex_search(operand, secret) && !benign_operand(operand);
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), operand_right);
         !hit && it != std::sregex_iterator(); ++it) {
      const std::string operand = (*it)[2];
      hit = std::regex_search(operand, secret) && !benign_operand(operand);
    }
    if (hit) hits.push_back(number);
  }
  return hits;
}

TEST(ConstantTimeSearch, FlagsPlainComparisonsOfSecrets) {
  for (const char* bad : {
           "if (signature == expected) return true;",
           "return provided != session.token;",
           "if (user.password_hash == hash_of(password)) {",
           "ok = memcmp(a.data(), b.data(), n) == 0;",
           "ok = sodium_memcmp(a, b, n) == 0;",
           "if (std::strcmp(secret, given) == 0)",
           "if (token.compare(other) == 0)",
           "if (given.compare(0, 44, signature) == 0)",
           "if (settings_.metrics_token == bearer) {",
       }) {
    EXPECT_EQ(plain_secret_comparisons(bad), std::vector<int>{1}) << bad;
  }
}

TEST(ConstantTimeSearch, LeavesNamesSizesAndKindsAlone) {
  for (const char* good : {
           "if (name == cookies_.session_token_name()) {",
           "if (token.verdict == CookieSigner::Verdict::valid) {",
           "if (signature.size() != 44) return {};",
           "return constant_time_equal(signature, expected);",
           "hasher_(hasher != nullptr ? hasher : owned_.get()),",
           "if (key == \"email\") {  // token == x in a comment",
           "return t == tokens.size();",
       }) {
    EXPECT_TRUE(plain_secret_comparisons(good).empty()) << good;
  }
}

// Reviewed exceptions: "<path relative to src/>:<the line, trimmed>" and why it is no leak.
struct Allowed {
  const char* where;
  const char* why;
};
const Allowed kAllowed[] = {
    {"auth/auth_service.cpp:if (token == s.session.token) "
     "cookies_.delete_session_cookies(ex.cookies, ex.request_cookies());",
     "revoke-session: the caller's own session token (which their request already carries) "
     "against the token they asked to revoke; the row was found by the database, not by "
     "this comparison, and no one else's secret is involved"},
    {"auth/origin_matcher.cpp:(tokens[t].kind == Token::literal && tokens[t].c == text[s]))) {",
     "the wildcard matcher's pattern tokens (characters of a trusted-origin pattern), no secret"},
};

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t\r");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

TEST(ConstantTimeSearch, SourcesCompareSecretsOnlyInConstantTime) {
  namespace fs = std::filesystem;
  const fs::path src = fs::path(ATRIUM_SOURCE_DIR) / "src";
  const fs::path the_one = src / "auth" / "constant_time.cpp";
  std::vector<std::string> found;
  std::vector<bool> used(std::size(kAllowed), false);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    const auto ext = entry.path().extension();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    if (entry.path() == the_one) continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string content = text.str();
    std::vector<std::string> lines;
    std::istringstream split(content);
    for (std::string l; std::getline(split, l);) lines.push_back(l);
    for (int n : plain_secret_comparisons(content)) {
      const std::string where =
          fs::relative(entry.path(), src).generic_string() + ":" + trimmed(lines[n - 1]);
      bool allowed = false;
      for (std::size_t i = 0; i < std::size(kAllowed); ++i) {
        if (where == kAllowed[i].where) allowed = used[i] = true;
      }
      if (!allowed) found.push_back(where + " (line " + std::to_string(n) + ")");
    }
  }
  EXPECT_GT(files, 50);  // the search really read the sources
  for (std::size_t i = 0; i < std::size(kAllowed); ++i) {
    EXPECT_TRUE(used[i]) << "stale exception, remove it: " << kAllowed[i].where;
  }
  EXPECT_TRUE(found.empty()) << "compare secrets with atrium::auth::constant_time_equal:\n"
                             << [&] {
                                  std::string all;
                                  for (const auto& f : found) all += "  " + f + "\n";
                                  return all;
                                }();
}

}  // namespace
