// Better Auth's linked accounts (api/routes/account.mjs): list-accounts shows the user's
// accounts without their secrets, unlink-account removes one but not the last.

#include <algorithm>
#include <boost/json/object.hpp>

#include "auth/account_store.hpp"
#include "auth/auth_service.hpp"
#include "auth/body_schema.hpp"
#include "auth/json_output.hpp"
#include "core/error.hpp"

namespace atrium::auth {
namespace {

// parseStoredScopes: split on ',', trim, drop empty items.
void append_scopes(std::string& out, const std::optional<std::string>& scope) {
  out += '[';
  bool first = true;
  std::string_view rest = scope ? std::string_view(*scope) : std::string_view();
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    // String.prototype.trim on the ASCII whitespace a scope list can carry.
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t' || item.front() == '\n' ||
                             item.front() == '\r')) {
      item.remove_prefix(1);
    }
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t' || item.back() == '\n' ||
                             item.back() == '\r')) {
      item.remove_suffix(1);
    }
    if (!item.empty()) {
      if (!first) out += ',';
      append_json_string(out, item);
      first = false;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  out += ']';
}

}  // namespace

http::Response AuthService::list_accounts(Exchange& ex) {
  const auto s = require_session(ex);
  std::vector<LinkedAccount> accounts;
  {
    auto lease = database_.acquire();
    accounts = list_user_accounts(*lease, s.user.id);
  }
  // Better Auth's key order: the row's fields without tokens and password, then scopes.
  std::string out = "[";
  for (const auto& a : accounts) {
    if (out.size() > 1) out += ',';
    out += R"({"accountId":)";
    append_json_string(out, a.account_id);
    out += R"(,"providerId":)";
    append_json_string(out, a.provider_id);
    out += R"(,"userId":)";
    append_json_string(out, a.user_id);
    out += R"(,"createdAt":")";
    append_iso8601(out, a.created_at);
    out += R"(","updatedAt":")";
    append_iso8601(out, a.updated_at);
    out += R"(","id":)";
    append_json_string(out, a.id);
    out += R"(,"scopes":)";
    append_scopes(out, a.scope);
    out += '}';
  }
  out += ']';
  return http::Response::json_text(200, std::move(out));
}

http::Response AuthService::unlink_account(Exchange& ex) {
  static constexpr FieldRule kRules[] = {{"accountId"}};
  validate_body(ex.body, BodyShape::object, kRules);
  const auto s = require_fresh_session(ex);
  const std::string account_id(ex.body->as_object().at("accountId").as_string());
  auto lease = database_.acquire();
  const auto accounts = list_user_accounts(*lease, s.user.id);
  if (accounts.size() == 1 && !options_.allow_unlinking_all) {
    throw Error(ErrorKind::bad_request, "FAILED_TO_UNLINK_LAST_ACCOUNT",
                "You can't unlink your last account");
  }
  const auto it = std::find_if(accounts.begin(), accounts.end(),
                               [&](const LinkedAccount& a) { return a.id == account_id; });
  if (it == accounts.end()) {
    throw Error(ErrorKind::bad_request, "ACCOUNT_NOT_FOUND", "Account not found");
  }
  delete_account(*lease, it->id);
  return http::Response::json_text(200, R"({"status":true})");
}

}  // namespace atrium::auth
