#pragma once
// Chat sessions and their messages (chat_sessions, chat_messages in schema.md).

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.hpp"

namespace atrium::learn {

struct ChatSession {
  std::string session_id;
  std::optional<std::string> user_id;  // nullopt: anonymous, reachable only through its id
  TimePoint created_at;
  TimePoint updated_at;
  std::int64_t message_count = 0;
};

struct ChatMessage {
  std::string message_id;
  std::string session_id;
  std::string role;  // user | assistant | system
  std::string content;
  boost::json::value citations;  // null or an array
  TimePoint created_at;
};

boost::json::object to_json(const ChatSession& session);
boost::json::object to_json(const ChatMessage& message);

}  // namespace atrium::learn
