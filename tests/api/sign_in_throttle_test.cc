#include <gtest/gtest.h>

#include "api/sign_in_throttle.h"

namespace taizhang::api {
namespace {

using namespace std::chrono_literals;

TEST(SignInThrottle, FiveFailuresAreFreeThenTheWaitDoubles) {
  SignInThrottle t;
  auto now = SignInThrottle::Clock::now();
  for (int i = 0; i < 4; ++i) t.failed("镇财务", "10.0.0.1", now);
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.1", now), 0);
  t.failed("镇财务", "10.0.0.1", now);
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.1", now), 1);
  t.failed("镇财务", "10.0.0.1", now);
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.1", now), 2);
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.1", now + 3s), 0);
}

TEST(SignInThrottle, TheNameAndTheAddressCountApart) {
  SignInThrottle t;
  auto now = SignInThrottle::Clock::now();
  for (int i = 0; i < 5; ++i) t.failed("name-" + std::to_string(i), "10.0.0.9", now);
  // Another name from the same address waits; the same names from elsewhere do not.
  EXPECT_GT(t.retry_after_s("镇督查", "10.0.0.9", now), 0);
  EXPECT_EQ(t.retry_after_s("name-0", "10.0.0.8", now), 0);
}

TEST(SignInThrottle, ASuccessForgetsTheNameAndTheWindowForgetsAll) {
  SignInThrottle t;
  auto now = SignInThrottle::Clock::now();
  for (int i = 0; i < 5; ++i) t.failed("镇财务", "10.0.0.1", now);
  t.succeeded("镇财务");
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.2", now), 0);
  EXPECT_GT(t.retry_after_s("镇财务", "10.0.0.1", now), 0);  // the address keeps its count
  EXPECT_EQ(t.retry_after_s("镇财务", "10.0.0.1", now + SignInThrottle::kWindow + 1s), 0);
}

}  // namespace
}  // namespace taizhang::api
