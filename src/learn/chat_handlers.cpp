// Handlers for /api/chat/sessions and their messages.

#include "core/error.hpp"
#include "http/json.hpp"
#include "learn/chat_store.hpp"
#include "learn/citation.hpp"
#include "learn/ids.hpp"
#include "learn/learn_api.hpp"
#include "learn/validation.hpp"

namespace atrium::learn {
namespace {

constexpr std::size_t kMaxContentChars = 32000;

[[noreturn]] void session_not_found() {
  throw Error(ErrorKind::not_found, "CHAT_SESSION_NOT_FOUND", "Chat session not found");
}

// A malformed id cannot name a session: the same 404 as a missing one.
std::string session_id_of(const http::Request& request) {
  auto id = canonical_uuid(request.path_param("id"));
  if (!id) session_not_found();
  return *id;
}

std::optional<Cursor> cursor_of(const http::Request& request) {
  const auto text = request.query_param("cursor");
  if (!text) return std::nullopt;
  auto cursor = decode_cursor(*text);
  if (!cursor) invalid("cursor", "Not a cursor this API returned", "query");
  return cursor;
}

// An empty body or an empty object: nothing to configure yet, but unknown fields are refused
// so that a client relying on one learns it is ignored.
void require_empty_object(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return;
  const auto v = http::parse_json_body(body);
  if (!v.is_object()) {
    invalid("", std::string("Invalid input: expected object, received ") + json_type_name(v));
  }
  for (const auto& member : v.get_object()) invalid(member.key(), "Unknown field");
}

NewMessage parse_new_message(const std::string& body) {
  const auto v = http::parse_json_body(body);
  if (!v.is_object()) {
    invalid("", std::string("Invalid input: expected object, received ") + json_type_name(v));
  }
  const auto& o = v.get_object();
  for (const auto& member : o) {
    const auto key = member.key();
    if (key != "role" && key != "content" && key != "citations") invalid(key, "Unknown field");
  }
  NewMessage m;
  const auto* role = o.if_contains("role");
  if (role == nullptr || role->is_null()) invalid("role", "Required");
  m.role = bounded_string(*role, "role", 20);
  if (m.role != "user" && m.role != "assistant" && m.role != "system") {
    invalid("role", "Must be one of user, assistant, system");
  }
  const auto* content = o.if_contains("content");
  if (content == nullptr || content->is_null()) invalid("content", "Required");
  m.content = bounded_string(*content, "content", kMaxContentChars);
  if (m.content.find_first_not_of(" \t\r\n") == std::string::npos) {
    invalid("content", "Must not be empty");
  }
  m.citations = validate_citations(o.if_contains("citations"));
  return m;
}

}  // namespace

http::Response LearnApi::create_session(http::Request& request) {
  require_empty_object(request.body);
  const auto caller = caller_id(request);
  auto conn = deps_.database.acquire();
  const auto session = create_chat_session(*conn, caller, deps_.clock.now(), deps_.random);
  return http::json(201, to_json(session));
}

http::Response LearnApi::list_sessions(http::Request& request) {
  const auto user = require_user(request);
  const auto limit = parse_page_limit(request.query_param("limit"));
  const auto after = cursor_of(request);
  auto conn = deps_.database.acquire();
  const auto page = list_chat_sessions(*conn, user.id, after, limit);
  boost::json::array items;
  for (const auto& s : page.items) items.push_back(to_json(s));
  return http::json(boost::json::object{
      {"sessions", std::move(items)},
      {"next_cursor", page.next ? boost::json::value(encode_cursor(*page.next)) : nullptr}});
}

http::Response LearnApi::get_session(http::Request& request) {
  const auto id = session_id_of(request);
  const auto caller = caller_id(request);
  auto conn = deps_.database.acquire();
  const auto session = find_chat_session(*conn, id, caller);
  if (!session) session_not_found();
  return http::json(to_json(*session));
}

http::Response LearnApi::delete_session(http::Request& request) {
  const auto id = session_id_of(request);
  const auto caller = caller_id(request);
  auto conn = deps_.database.acquire();
  if (!delete_chat_session(*conn, id, caller)) session_not_found();
  return http::Response::empty(204);
}

http::Response LearnApi::claim_session(http::Request& request) {
  const auto user = require_user(request);
  const auto id = session_id_of(request);
  auto conn = deps_.database.acquire();
  switch (claim_chat_session(*conn, id, user.id, deps_.clock.now())) {
    case ClaimResult::claimed:
      break;
    case ClaimResult::already_owned:
      throw Error(ErrorKind::conflict, "CHAT_SESSION_ALREADY_OWNED",
                  "This chat session already has an owner");
    case ClaimResult::not_found:
      session_not_found();
  }
  return http::json(to_json(*find_chat_session(*conn, id, user.id)));
}

http::Response LearnApi::append_message(http::Request& request) {
  const auto id = session_id_of(request);
  const auto message = parse_new_message(request.body);
  const auto caller = caller_id(request);
  auto conn = deps_.database.acquire();
  const auto stored =
      append_chat_message(*conn, id, caller, message, deps_.clock.now(), deps_.random);
  if (!stored) session_not_found();
  return http::json(201, to_json(*stored));
}

http::Response LearnApi::list_messages(http::Request& request) {
  const auto id = session_id_of(request);
  const auto limit = parse_page_limit(request.query_param("limit"));
  const auto after = cursor_of(request);
  const auto caller = caller_id(request);
  auto conn = deps_.database.acquire();
  if (!chat_session_visible(*conn, id, caller)) session_not_found();
  const auto page = list_chat_messages(*conn, id, after, limit);
  boost::json::array items;
  for (const auto& m : page.items) items.push_back(to_json(m));
  return http::json(boost::json::object{
      {"messages", std::move(items)},
      {"next_cursor", page.next ? boost::json::value(encode_cursor(*page.next)) : nullptr}});
}

}  // namespace atrium::learn
