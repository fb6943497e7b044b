#pragma once
// The trusted origin list (context/helpers.mjs getTrustedOrigins): the origin of the base URL
// (BETTER_AUTH_URL, or without one the request's own Host), then the configured origins and
// BETTER_AUTH_TRUSTED_ORIGINS.

#include <string>
#include <string_view>
#include <vector>

namespace atrium::auth {

class TrustedOrigins {
 public:
  TrustedOrigins(const std::string& base_url, std::vector<std::string> configured);

  // `request_origin` is used only when no base URL is configured ("http://<Host>").
  bool is_trusted(std::string_view url, bool allow_relative_paths,
                  std::string_view request_origin = {}) const;

  const std::vector<std::string>& patterns() const { return patterns_; }
  bool has_base_origin() const { return has_base_origin_; }

 private:
  std::vector<std::string> patterns_;
  bool has_base_origin_ = false;
};

}  // namespace atrium::auth
