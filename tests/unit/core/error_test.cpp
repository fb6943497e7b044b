#include "core/error.hpp"

#include <gtest/gtest.h>

namespace atrium {
namespace {

TEST(Error, OneTableMapsKindsToStatuses) {
  EXPECT_EQ(http_status(ErrorKind::bad_request), 400);
  EXPECT_EQ(http_status(ErrorKind::unauthorized), 401);
  EXPECT_EQ(http_status(ErrorKind::forbidden), 403);
  EXPECT_EQ(http_status(ErrorKind::not_found), 404);
  EXPECT_EQ(http_status(ErrorKind::method_not_allowed), 405);
  EXPECT_EQ(http_status(ErrorKind::conflict), 409);
  EXPECT_EQ(http_status(ErrorKind::payload_too_large), 413);
  EXPECT_EQ(http_status(ErrorKind::unsupported_media_type), 415);
  EXPECT_EQ(http_status(ErrorKind::unprocessable), 422);
  EXPECT_EQ(http_status(ErrorKind::too_many_requests), 429);
  EXPECT_EQ(http_status(ErrorKind::internal), 500);
  EXPECT_EQ(http_status(ErrorKind::unavailable), 503);
}

TEST(Error, CarriesCodeAndMessage) {
  const Error e(ErrorKind::unauthorized, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
  EXPECT_EQ(e.http_status(), 401);
  EXPECT_EQ(e.code(), "INVALID_EMAIL_OR_PASSWORD");
  EXPECT_STREQ(e.what(), "Invalid email or password");
  EXPECT_TRUE(is_client_visible(ErrorKind::unauthorized));
  EXPECT_FALSE(is_client_visible(ErrorKind::internal));
}

}  // namespace
}  // namespace atrium
