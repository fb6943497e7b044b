#pragma once
// Runs f, which must throw atrium::Error; returns its message after checking the status and
// code, so a test can assert which field a validator blamed.

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"

namespace atrium::learn::testing {

template <class F>
std::string error_message(F&& f, int status = 400, const std::string& code = "VALIDATION_ERROR") {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.http_status(), status) << e.what();
    EXPECT_EQ(e.code(), code) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an atrium::Error";
  return {};
}

}  // namespace atrium::learn::testing
