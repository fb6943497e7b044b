#include "learn/chat.hpp"

#include "core/time_format.hpp"

namespace atrium::learn {

boost::json::object to_json(const ChatSession& s) {
  return {{"session_id", s.session_id},
          {"user_id", s.user_id ? boost::json::value(*s.user_id) : boost::json::value(nullptr)},
          {"created_at", format_iso8601(s.created_at)},
          {"updated_at", format_iso8601(s.updated_at)},
          {"message_count", s.message_count}};
}

boost::json::object to_json(const ChatMessage& m) {
  return {{"message_id", m.message_id},
          {"session_id", m.session_id},
          {"role", m.role},
          {"content", m.content},
          {"citations", m.citations},
          {"created_at", format_iso8601(m.created_at)}};
}

}  // namespace atrium::learn
