#include "db/postgres/connection.hpp"

#include <poll.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <exception>
#include <memory>

#include "db/error.hpp"
#include "db/postgres/errors.hpp"
#include "db/postgres/libpq.hpp"
#include "db/postgres/values.hpp"

namespace atrium::db::postgres {

namespace {

// Named statements live as long as the connection; a program that builds unbounded distinct
// SQL (it should not) gets them flushed rather than piling up on the server.
constexpr std::size_t kMaxCachedStatements = 256;

struct ResultDeleter {
  void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool succeeded(const PGresult* r) {
  auto status = libpq().PQresultStatus(r);
  return r != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

bool changes_rows(const PGresult* r) {
  const std::string_view status = libpq().PQcmdStatus(const_cast<PGresult*>(r));
  return status.starts_with("INSERT") || status.starts_with("UPDATE") ||
         status.starts_with("DELETE") || status.starts_with("MERGE");
}

// Zone names PostgreSQL's tz database links to UTC (names are case-insensitive). A server
// reporting one of them already prints timestamps exactly as a UTC session does ("+00" in
// ISO style), so the SET round trip would change nothing; clusters initialised on a machine
// whose zone is Etc/UTC report that name.
bool is_utc(std::string_view zone) {
  static constexpr std::string_view kAliases[] = {
      "UTC",   "Etc/UTC",   "UCT",   "Etc/UCT",   "Universal", "Etc/Universal",
      "Zulu",  "Etc/Zulu",  "GMT",   "Etc/GMT",   "GMT0",      "Etc/GMT0",
      "GMT+0", "Etc/GMT+0", "GMT-0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich",
  };
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  return std::any_of(std::begin(kAliases), std::end(kAliases),
                     [&](std::string_view alias) { return same(zone, alias); });
}

}  // namespace

PgConnection::PgConnection(const std::string& conninfo, const std::string& redacted,
                           PgOptions options)
    : options_(options) {
  // libpq waits at least 2 s whatever it is told.
  const auto seconds = std::max<long long>(2, (options.connect_timeout.count() + 999) / 1000);
  const std::string timeout = std::to_string(seconds);
  // dbname comes last so that everything the URL says overrides these defaults.
  const char* keys[] = {"fallback_application_name", "connect_timeout", "dbname", nullptr};
  const char* values[] = {"atrium", timeout.c_str(), conninfo.c_str(), nullptr};
  conn_ = libpq().PQconnectdbParams(keys, values, 1);
  if (conn_ == nullptr || libpq().PQstatus(conn_) != CONNECTION_OK) {
    std::string why = conn_ ? one_line(libpq().PQerrorMessage(conn_)) : "out of memory";
    libpq().PQfinish(conn_);
    conn_ = nullptr;
    throw DbError(DbErrorKind::connection_lost, "08001",
                  "cannot connect to PostgreSQL at " + redacted + ": " + why);
  }
  // Notices (e.g. "there is no transaction in progress") would otherwise go to stderr. A
  // FATAL one is a server that said goodbye while we were idle (backend terminated, server
  // shutting down); libpq reports it as a notice and fails only at the next call.
  libpq().PQsetNoticeReceiver(conn_, &PgConnection::on_notice, this);
  const char* tz = libpq().PQparameterStatus(conn_, "TimeZone");
  const char* ds = libpq().PQparameterStatus(conn_, "DateStyle");
  if (tz == nullptr || !is_utc(tz) || ds == nullptr || !std::string_view(ds).starts_with("ISO")) {
    // PgBouncer tracks both parameters per client and replays them on whichever server
    // connection it assigns, so this holds behind a transaction pooler too.
    try {
      simple("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'");
    } catch (...) {
      libpq().PQfinish(conn_);
      conn_ = nullptr;
      throw;
    }
  }
}

void PgConnection::on_notice(void* self, const PGresult* notice) {
  const char* severity = libpq().PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity == nullptr) return;
  const std::string_view level = severity;
  if (level == "FATAL" || level == "PANIC") static_cast<PgConnection*>(self)->broken_ = true;
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) libpq().PQfinish(conn_);
}

void PgConnection::fail(PGresult* result) {
  ResultPtr owned(result);
  DbError error = make_error(result, conn_);
  if (error.db_kind() == DbErrorKind::connection_lost) broken_ = true;
  throw error;
}

void PgConnection::simple(const std::string& sql) {
  PGresult* r = libpq().PQexec(conn_, sql.c_str());
  if (!succeeded(r)) fail(r);
  libpq().PQclear(r);
}

PgConnection::Prepared& PgConnection::prepared(std::string_view sql, const EncodedParams& params) {
  key_.assign(sql);
  key_.push_back('\0');
  key_ += params.type_letters;
  auto it = statements_.find(std::string_view(key_));
  if (it != statements_.end()) return it->second;
  if (statements_.size() >= kMaxCachedStatements &&
      libpq().PQtransactionStatus(conn_) != PQTRANS_INERROR) {
    simple("DEALLOCATE ALL");
    statements_.clear();
  }
  std::string name = "atrium_" + std::to_string(++next_statement_);
  const std::string text(sql);
  PGresult* made = libpq().PQprepare(conn_, name.c_str(), text.c_str(),
                                     static_cast<int>(params.types.size()), params.types.data());
  if (!succeeded(made)) fail(made);
  libpq().PQclear(made);
  return statements_.emplace(key_, Prepared{std::move(name), nullptr}).first->second;
}

PGresult* PgConnection::execute_prepared(std::string_view sql, const EncodedParams& params,
                                         Prepared*& used) {
  used = nullptr;
  const int n = static_cast<int>(params.types.size());
  for (int attempt = 0;; ++attempt) {
    Prepared& statement = prepared(sql, params);
    PGresult* r = libpq().PQexecPrepared(conn_, statement.name.c_str(), n, params.values.data(),
                                         params.lengths.data(), params.formats.data(), 0);
    if (succeeded(r)) {
      used = &statement;
      return r;
    }
    if (attempt > 0) return r;
    // A table changed under a cached `SELECT *` ("cached plan must not change result type"),
    // or the statement vanished (DISCARD ALL): prepare afresh, and retry when no transaction
    // was aborted by the failure.
    const char* state = libpq().PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const std::string sqlstate = state ? state : "";
    if (sqlstate != "0A000" && sqlstate != "26000") return r;
    const std::string stale = statement.name;
    statements_.erase(key_);
    if (libpq().PQtransactionStatus(conn_) != PQTRANS_IDLE) return r;
    libpq().PQclear(r);
    if (sqlstate == "0A000") simple("DEALLOCATE " + quote_identifier(stale));
  }
}

namespace {

std::shared_ptr<const std::vector<std::string>> column_names(const PGresult* raw) {
  const int ncols = libpq().PQnfields(raw);
  auto columns = std::make_shared<std::vector<std::string>>();
  columns->reserve(static_cast<std::size_t>(ncols));
  for (int c = 0; c < ncols; ++c) columns->emplace_back(libpq().PQfname(raw, c));
  return columns;
}

// Whether the names cached for a statement still describe its result: comparing is cheaper
// than the allocations of new names, and a re-prepared statement may differ.
bool same_columns(const PGresult* raw, const std::vector<std::string>* cached) {
  if (cached == nullptr) return false;
  const int ncols = libpq().PQnfields(raw);
  if (cached->size() != static_cast<std::size_t>(ncols)) return false;
  for (int c = 0; c < ncols; ++c) {
    if ((*cached)[static_cast<std::size_t>(c)] != libpq().PQfname(raw, c)) return false;
  }
  return true;
}

}  // namespace

Result PgConnection::query(std::string_view sql, std::span<const Value> params) {
  const EncodedParams encoded = encode_params(params);
  PGresult* raw = nullptr;
  Prepared* prepared = nullptr;
  if (options_.pooler_transaction) {
    const std::string text(sql);
    raw = libpq().PQexecParams(conn_, text.c_str(), static_cast<int>(encoded.types.size()),
                               encoded.types.data(), encoded.values.data(), encoded.lengths.data(),
                               encoded.formats.data(), 0);
  } else {
    raw = execute_prepared(sql, encoded, prepared);
  }
  if (!succeeded(raw)) fail(raw);
  ResultPtr r(raw);
  return to_result(raw, prepared);
}

Result PgConnection::to_result(const PGresult* raw, Prepared* statement) {
  Result result;
  if (statement == nullptr) {
    result.columns = column_names(raw);
  } else {
    if (!same_columns(raw, statement->columns.get())) statement->columns = column_names(raw);
    result.columns = statement->columns;
  }
  const int ncols = libpq().PQnfields(raw);
  const int nrows = libpq().PQntuples(raw);
  result.rows.reserve(static_cast<std::size_t>(nrows));
  for (int row = 0; row < nrows; ++row) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) values.push_back(decode_value(raw, row, c));
    result.rows.emplace_back(result.columns, std::move(values));
  }
  if (changes_rows(raw)) {
    const std::string_view count = libpq().PQcmdTuples(const_cast<PGresult*>(raw));
    std::from_chars(count.data(), count.data() + count.size(), result.affected);
  }
  return result;
}

std::vector<Result> PgConnection::query_batch(std::string_view sql,
                                              std::span<const std::span<const Value>> param_sets) {
  // Behind a transaction pooler statements are unnamed and each call may meet another server
  // connection; inside a transaction a failure would abort it halfway through the batch. One
  // at a time there, as the interface promises.
  if (param_sets.size() < 2 || options_.pooler_transaction ||
      libpq().PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    return Connection::query_batch(sql, param_sets);
  }
  std::vector<EncodedParams> encoded;
  encoded.reserve(param_sets.size());
  for (const auto& params : param_sets) encoded.push_back(encode_params(params));
  // One prepared statement serves the batch only if every set has the same types.
  const bool same_types = std::all_of(encoded.begin(), encoded.end(), [&](const auto& e) {
    return e.type_letters == encoded.front().type_letters;
  });
  if (!same_types) return Connection::query_batch(sql, param_sets);
  Prepared& statement = prepared(sql, encoded.front());

  // Blocking pipeline mode can deadlock only when neither side can write because neither
  // reads: the batch's requests and answers would have to outgrow both sockets' buffers, far
  // beyond the few dozen short reads it is meant for.
  if (libpq().PQenterPipelineMode(conn_) != 1) return Connection::query_batch(sql, param_sets);
  std::size_t sent = 0;
  for (const auto& e : encoded) {
    if (libpq().PQsendQueryPrepared(conn_, statement.name.c_str(), static_cast<int>(e.types.size()),
                                    e.values.data(), e.lengths.data(), e.formats.data(), 0) != 1) {
      break;
    }
    ++sent;
  }
  if (sent < encoded.size() || libpq().PQpipelineSync(conn_) != 1) {
    broken_ = true;  // only a lost connection refuses to queue a statement
    throw DbError(DbErrorKind::connection_lost, "08006",
                  "lost the connection to PostgreSQL while sending a batch: " +
                      one_line(libpq().PQerrorMessage(conn_)));
  }
  std::vector<Result> results;
  results.reserve(sent);
  ResultPtr failure;
  std::exception_ptr unreadable;  // a row that could not be decoded: thrown once drained
  for (std::size_t i = 0; i < sent; ++i) {
    ResultPtr r(libpq().PQgetResult(conn_));
    if (!r) break;  // the connection failed: the error is in PQerrorMessage
    if (succeeded(r.get())) {
      if (!failure && !unreadable) {
        try {
          results.push_back(to_result(r.get(), &statement));
        } catch (...) {
          unreadable = std::current_exception();
        }
      }
    } else if (!failure) {
      failure = std::move(r);  // later ones come back PGRES_PIPELINE_ABORTED
    }
    while (PGresult* end = libpq().PQgetResult(conn_)) libpq().PQclear(end);
  }
  // Left in pipeline mode with answers unread, the connection would be useless to the next
  // caller: whatever happened above, it is drained first.
  finish_pipeline();
  if (failure) fail(failure.release());
  if (unreadable) std::rethrow_exception(unreadable);
  if (results.size() < sent) fail(nullptr);
  return results;
}

void PgConnection::finish_pipeline() {
  // One NULL ends each statement's results; two in a row mean nothing more will come (the
  // connection failed before the sync arrived).
  for (int nulls = 0; nulls < 2;) {
    PGresult* r = libpq().PQgetResult(conn_);
    if (r == nullptr) {
      ++nulls;
      continue;
    }
    nulls = 0;
    const bool synced = libpq().PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    libpq().PQclear(r);
    if (synced) break;
  }
  if (libpq().PQexitPipelineMode(conn_) != 1) broken_ = true;
}

namespace {

// A value in COPY's text format: backslash escapes for the characters that delimit rows and
// columns, \N for NULL.
void append_copy_field(std::string& out, const char* text) {
  if (text == nullptr) {
    out += "\\N";
    return;
  }
  for (const char* c = text; *c != '\0'; ++c) {
    switch (*c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out.push_back(*c);
    }
  }
}

}  // namespace

bool PgConnection::copy_rows(std::string_view table, std::span<const std::string_view> columns,
                             std::span<const Value> values) {
  if (columns.empty() || values.size() % columns.size() != 0) {
    throw DbError(DbErrorKind::other, "", "copy_rows: the values are not whole rows");
  }
  if (values.empty()) return true;
  const EncodedParams encoded = encode_params(values);
  for (int format : encoded.formats) {
    if (format != 0) return false;  // bytes travel in binary, which COPY's text format cannot
  }
  std::string data;
  data.reserve(values.size() * 24);
  for (std::size_t i = 0; i < values.size(); ++i) {
    append_copy_field(data, encoded.values[i]);
    data.push_back((i + 1) % columns.size() == 0 ? '\n' : '\t');
  }
  std::string sql = "COPY " + quote_identifier(std::string(table)) + " (";
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c != 0) sql += ", ";
    sql += quote_identifier(std::string(columns[c]));
  }
  sql += ") FROM STDIN";

  PGresult* started = libpq().PQexec(conn_, sql.c_str());
  if (libpq().PQresultStatus(started) != PGRES_COPY_IN) fail(started);
  libpq().PQclear(started);
  // In pieces: PQputCopyData takes an int length, and a piece at a time keeps libpq's own
  // buffer small.
  constexpr std::size_t kPiece = std::size_t{1} << 20;
  bool sent = true;
  for (std::size_t at = 0; sent && at < data.size(); at += kPiece) {
    const auto n = static_cast<int>(std::min(kPiece, data.size() - at));
    sent = libpq().PQputCopyData(conn_, data.data() + at, n) == 1;
  }
  sent = sent && libpq().PQputCopyEnd(conn_, nullptr) == 1;
  // The COPY's outcome, then the end of its results.
  PGresult* outcome = libpq().PQgetResult(conn_);
  while (PGresult* extra = libpq().PQgetResult(conn_)) libpq().PQclear(extra);
  if (!sent || outcome == nullptr) {
    // The rows did not reach the server whole: the connection is what failed.
    if (outcome != nullptr) libpq().PQclear(outcome);
    broken_ = true;
    throw DbError(DbErrorKind::connection_lost, "", libpq().PQerrorMessage(conn_));
  }
  if (!succeeded(outcome)) fail(outcome);
  libpq().PQclear(outcome);
  return true;
}

void PgConnection::execute_script(std::string_view sql) {
  simple(std::string(sql));
}

void PgConnection::begin(bool /*immediate*/) {
  simple("BEGIN");
}

void PgConnection::commit() {
  PGresult* r = libpq().PQexec(conn_, "COMMIT");
  if (!succeeded(r)) fail(r);
  // COMMIT of a transaction that an earlier error aborted "succeeds" as a ROLLBACK; the
  // caller must not believe its writes landed.
  const bool rolled_back = std::string_view(libpq().PQcmdStatus(r)) == "ROLLBACK";
  libpq().PQclear(r);
  if (rolled_back) {
    throw DbError(DbErrorKind::other, "25P02",
                  "the transaction was aborted by an earlier error and was rolled back instead "
                  "of committed [SQLSTATE 25P02]");
  }
}

void PgConnection::rollback() {
  if (libpq().PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  simple("ROLLBACK");
}

void PgConnection::savepoint(const std::string& name) {
  simple("SAVEPOINT " + quote_identifier(name));
}

void PgConnection::release(const std::string& name) {
  simple("RELEASE SAVEPOINT " + quote_identifier(name));
}

void PgConnection::rollback_to(const std::string& name) {
  simple("ROLLBACK TO SAVEPOINT " + quote_identifier(name));
}

bool PgConnection::in_transaction() const {
  switch (libpq().PQtransactionStatus(conn_)) {
    case PQTRANS_ACTIVE:
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
      return true;
    default:
      return false;
  }
}

bool PgConnection::is_broken() const {
  return broken_ || conn_ == nullptr || libpq().PQstatus(conn_) == CONNECTION_BAD;
}

bool PgConnection::still_open() {
  if (is_broken()) return false;
  // An idle connection has nothing to read unless the server spoke first: usually a FATAL
  // message followed by end-of-file. Reading it is what makes libpq notice.
  pollfd p{libpq().PQsocket(conn_), POLLIN, 0};
  for (int i = 0; i < 8 && poll(&p, 1, 0) > 0; ++i) {
    if (libpq().PQconsumeInput(conn_) == 0) {
      broken_ = true;
      return false;
    }
    libpq().PQisBusy(conn_);  // parses what arrived; an error while idle goes to on_notice
    while (PGnotify* n = libpq().PQnotifies(conn_)) libpq().PQfreemem(n);
    if (broken_ || libpq().PQstatus(conn_) == CONNECTION_BAD) {
      broken_ = true;
      return false;
    }
  }
  return true;
}

bool PgConnection::ping() {
  if (!still_open()) return false;
  PGresult* r = libpq().PQexec(conn_, "");
  const bool ok = r != nullptr && libpq().PQresultStatus(r) == PGRES_EMPTY_QUERY;
  libpq().PQclear(r);
  if (!ok) broken_ = true;
  return ok;
}

}  // namespace atrium::db::postgres
