#pragma once
// Citations attached to a chat message: the sources an assistant answer drew on.
//
//   [{"source": "ros2-book/ch03.md", "title": "…", "url": "https://…", "chunk_id": "…",
//     "score": 0.83}, …]
//
// source is required (1..500 characters); title (..500), url (..2048, http or https),
// chunk_id (..200) are optional strings; score an optional finite number; other keys are
// refused; at most 50 citations. null or an absent field means no citations.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>

namespace atrium::learn {

inline constexpr std::size_t kMaxCitations = 50;

// The citations to store (nullopt for none), normalised: keys in the documented order, absent
// optional keys left out. Throws VALIDATION_ERROR naming "[body.citations.<i>.<key>]".
std::optional<boost::json::array> validate_citations(const boost::json::value* citations);

}  // namespace atrium::learn
