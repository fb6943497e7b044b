#include "learn/citation.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "learn/validation.hpp"

namespace atrium::learn {

std::optional<boost::json::array> validate_citations(const boost::json::value* citations) {
  if (citations == nullptr || citations->is_null()) return std::nullopt;
  if (!citations->is_array()) {
    invalid("citations",
            std::string("Invalid input: expected array, received ") + json_type_name(*citations));
  }
  const auto& in = citations->get_array();
  if (in.size() > kMaxCitations) {
    invalid("citations", "Too many citations: at most " + std::to_string(kMaxCitations));
  }
  static constexpr std::array<std::pair<std::string_view, std::size_t>, 4> kStrings = {
      {{"source", 500}, {"title", 500}, {"url", 2048}, {"chunk_id", 200}}};
  boost::json::array out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const std::string path = "citations." + std::to_string(i);
    if (!in[i].is_object()) {
      invalid(path,
              std::string("Invalid input: expected object, received ") + json_type_name(in[i]));
    }
    const auto& c = in[i].get_object();
    for (const auto& member : c) {
      const auto key = member.key();
      const bool known = key == "score" || std::any_of(kStrings.begin(), kStrings.end(),
                                                       [&](auto& s) { return s.first == key; });
      if (!known) invalid(path + "." + std::string(key), "Unknown key");
    }
    boost::json::object norm;
    for (const auto& [key, max] : kStrings) {
      const auto* v = c.if_contains(key);
      const std::string key_path = path + "." + std::string(key);
      if (v == nullptr || v->is_null()) {
        if (key == "source") invalid(key_path, "Required");
        continue;
      }
      auto s = bounded_string(*v, key_path, max, key != "source");
      if (key == "source" && s.find_first_not_of(" \t\r\n") == std::string::npos) {
        invalid(key_path, "Must not be empty");
      }
      if (key == "url" && !s.starts_with("https://") && !s.starts_with("http://")) {
        invalid(key_path, "Must be an http or https URL");
      }
      norm[key] = s;
    }
    if (const auto* score = c.if_contains("score"); score && !score->is_null()) {
      if (!score->is_number()) {
        invalid(path + ".score",
                std::string("Invalid input: expected number, received ") + json_type_name(*score));
      }
      const double d = score->to_number<double>();
      if (!std::isfinite(d)) invalid(path + ".score", "Must be a finite number");
      norm["score"] = *score;
    }
    out.push_back(std::move(norm));
  }
  return out;
}

}  // namespace atrium::learn
