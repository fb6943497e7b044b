#include "learn/questionnaire_store.hpp"

#include <boost/json/parse.hpp>
#include <map>

#include "db/transaction.hpp"
#include "learn/db_values.hpp"
#include "learn/profile_store.hpp"

namespace atrium::learn {
namespace {

// The answers of each user's latest submission to question $1.
constexpr std::string_view kLatest =
    "WITH latest AS (SELECT q.answer FROM user_background_questionnaire q "
    "WHERE q.question_id = $1 AND q.answer IS NOT NULL AND q.answered_at = "
    "(SELECT MAX(l.answered_at) FROM user_background_questionnaire l WHERE l.user_id = "
    "q.user_id)) ";

std::string like_token(std::string_view option) {
  // Option values are [a-z0-9_-]; '_' is LIKE's one-character wildcard.
  std::string out = "%\"";
  for (char c : option) {
    if (c == '_' || c == '%' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out += "\"%";
  return out;
}

double rate(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

boost::json::value nullable_real(const db::Row& r, std::string_view column) {
  auto v = r.opt_real(column);
  if (!v) return nullptr;
  return *v;
}

boost::json::object choice_stats(db::Connection& conn, const Question& q) {
  boost::json::object out;
  std::int64_t answered = 0;
  boost::json::array options;
  if (q.kind == QuestionKind::multiple_choice) {
    // One SUM per option; the statement's shape depends only on the catalog, never on input.
    std::string sql = std::string(kLatest) + "SELECT COUNT(*) AS answered";
    std::vector<db::Value> params{q.id};
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      sql += ", SUM(CASE WHEN CAST(answer AS TEXT) LIKE $" + std::to_string(i + 2) +
             " ESCAPE '\\' THEN 1 ELSE 0 END) AS o" + std::to_string(i);
      params.push_back(like_token(q.options[i].value));
    }
    sql += " FROM latest";
    const auto rows = conn.query(sql, params);
    answered = rows[0].integer("answered");
    for (std::size_t i = 0; i < q.options.size(); ++i) {
      const auto n = rows[0].opt_integer("o" + std::to_string(i)).value_or(0);
      options.push_back({{"value", q.options[i].value}, {"count", n}});
    }
  } else {
    const auto rows = conn.query(std::string(kLatest) +
                                     "SELECT CAST(answer AS TEXT) AS value, COUNT(*) AS n "
                                     "FROM latest GROUP BY CAST(answer AS TEXT)",
                                 {q.id});
    std::map<std::string, std::int64_t> counts;  // by option value, or "true"/"false"
    std::int64_t other = 0;
    for (const auto& row : rows) {
      const auto n = row.integer("n");
      answered += n;
      boost::system::error_code ec;
      const auto v = boost::json::parse(row.text("value"), ec);
      if (!ec && v.is_string() && q.has_option(v.get_string())) {
        counts[std::string(v.get_string())] += n;
      } else if (!ec && v.is_bool() && q.kind == QuestionKind::yes_no) {
        counts[v.get_bool() ? "true" : "false"] += n;
      } else {
        other += n;  // answers to options since removed from the catalog
      }
    }
    if (q.kind == QuestionKind::yes_no) {
      out["yes"] = counts["true"];
      out["no"] = counts["false"];
    } else {
      for (const auto& opt : q.options) {
        options.push_back({{"value", opt.value}, {"count", counts[opt.value]}});
      }
      out["other"] = other;
    }
  }
  out["answered"] = answered;
  if (q.kind != QuestionKind::yes_no) out["options"] = std::move(options);
  return out;
}

boost::json::object number_stats(db::Connection& conn, const Question& q) {
  const auto rows = conn.query(
      std::string(kLatest) +
          ", v AS (SELECT CAST(CAST(answer AS TEXT) AS DOUBLE PRECISION) AS x FROM latest), "
          "r AS (SELECT x, ROW_NUMBER() OVER (ORDER BY x) AS rn, COUNT(*) OVER () AS n FROM v) "
          "SELECT COUNT(*) AS answered, MIN(x) AS min, MAX(x) AS max, "
          "AVG(CASE WHEN rn = (n + 1) / 2 OR rn = (n + 2) / 2 THEN x END) AS median FROM r",
      {q.id});
  const auto& r = rows[0];
  return {{"answered", r.integer("answered")},
          {"min", nullable_real(r, "min")},
          {"median", nullable_real(r, "median")},
          {"max", nullable_real(r, "max")}};
}

}  // namespace

Profile submit_questionnaire(db::Connection& conn, const std::string& user_id,
                             const ValidatedSubmission& submission, TimePoint now,
                             RandomSource& random) {
  db::Transaction tx(conn);
  lock_profile(conn, user_id, now);
  const auto previous = conn.query(
      "SELECT MAX(answered_at) AS at FROM user_background_questionnaire WHERE user_id = $1",
      {user_id});
  const TimePoint at = next_in_sequence(now, read_opt_time(previous[0], "at"));
  const auto at_value = time_value(at);
  for (const auto& a : submission.answers) {
    conn.execute(
        "INSERT INTO user_background_questionnaire (id, user_id, question_id, answer, "
        "answered_at) VALUES ($1, $2, $3, $4, $5)",
        {generate_uuid_v4(random), user_id, a.question_id, json_value(a.answer), at_value});
  }
  Profile p = update_profile(conn, user_id, submission.profile, now, at);
  tx.commit();
  return p;
}

std::optional<Submission> latest_submission(db::Connection& conn, const std::string& user_id) {
  const auto rows = conn.query(
      "SELECT question_id, answer, answered_at FROM user_background_questionnaire "
      "WHERE user_id = $1 AND answered_at = (SELECT MAX(answered_at) FROM "
      "user_background_questionnaire WHERE user_id = $1) ORDER BY question_id",
      {user_id});
  if (rows.empty()) return std::nullopt;
  Submission s;
  s.submitted_at = read_time(rows[0], "answered_at");
  for (const auto& row : rows)
    s.answers.push_back({row.text("question_id"), read_json(row, "answer")});
  return s;
}

boost::json::object questionnaire_stats(db::Connection& conn, const Catalog& catalog) {
  const auto totals = conn.query(
      "SELECT (SELECT COUNT(*) FROM \"user\") AS users, "
      "(SELECT COUNT(*) FROM user_profiles WHERE questionnaire_completed = $1) AS completed",
      {true});
  const auto users = totals[0].integer("users");
  const auto completed = totals[0].integer("completed");
  boost::json::array questions;
  for (const auto& q : catalog.questions) {
    boost::json::object stats;
    switch (q.kind) {
      case QuestionKind::single_choice:
      case QuestionKind::multiple_choice:
      case QuestionKind::yes_no:
        stats = choice_stats(conn, q);
        break;
      case QuestionKind::number:
        stats = number_stats(conn, q);
        break;
      case QuestionKind::free_text: {
        const auto rows =
            conn.query(std::string(kLatest) + "SELECT COUNT(*) AS answered FROM latest", {q.id});
        stats["answered"] = rows[0].integer("answered");
        break;
      }
    }
    boost::json::object entry{{"id", q.id}, {"kind", to_string(q.kind)}};
    for (auto& member : stats) entry[member.key()] = member.value();
    questions.push_back(std::move(entry));
  }
  return {{"catalog_id", catalog.id},
          {"catalog_version", catalog.version},
          {"users", users},
          {"completed", completed},
          {"completion_rate", rate(completed, users)},
          {"questions", std::move(questions)}};
}

}  // namespace atrium::learn
