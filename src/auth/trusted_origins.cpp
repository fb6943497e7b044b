#include "auth/trusted_origins.hpp"

#include "auth/origin_matcher.hpp"

namespace atrium::auth {

TrustedOrigins::TrustedOrigins(const std::string& base_url, std::vector<std::string> configured) {
  if (!base_url.empty()) {
    if (auto origin = url_origin(base_url)) {
      patterns_.push_back(std::move(*origin));
      has_base_origin_ = true;
    }
  }
  for (auto& o : configured) {
    if (!o.empty()) patterns_.push_back(std::move(o));
  }
}

bool TrustedOrigins::is_trusted(std::string_view url, bool allow_relative_paths,
                                std::string_view request_origin) const {
  if (!has_base_origin_ && !request_origin.empty() &&
      matches_origin_pattern(url, request_origin, allow_relative_paths)) {
    return true;
  }
  for (const auto& p : patterns_) {
    if (matches_origin_pattern(url, p, allow_relative_paths)) return true;
  }
  return false;
}

}  // namespace atrium::auth
