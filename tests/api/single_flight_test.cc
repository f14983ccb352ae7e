#include "api/single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <latch>
#include <thread>

namespace taizhang::api {
namespace {

TEST(SingleFlight, CallersArrivingDuringARunTakeItsResult) {
  SingleFlight<int> flight;
  std::atomic<int> runs{0};
  std::latch started(1), release(1);
  auto first = std::async(std::launch::async, [&] {
    return flight.run([&] {
      ++runs;
      started.count_down();
      release.wait();
      return 42;
    });
  });
  started.wait();
  // Three more callers while the first run is under way: none starts a run of its own.
  std::vector<std::future<int>> joined;
  for (int i = 0; i < 3; ++i) {
    joined.push_back(std::async(std::launch::async, [&] {
      return flight.run([&] {
        ++runs;
        return -1;
      });
    }));
  }
  // Once all three wait for the run, let it finish.
  while (flight.waiting() < 3) std::this_thread::yield();
  release.count_down();
  EXPECT_EQ(first.get(), 42);
  for (auto& j : joined) EXPECT_EQ(j.get(), 42);
  EXPECT_EQ(runs.load(), 1);
}

TEST(SingleFlight, ACallerAfterARunStartsANewOne) {
  SingleFlight<int> flight;
  int runs = 0;
  EXPECT_EQ(flight.run([&] { return ++runs; }), 1);
  EXPECT_EQ(flight.run([&] { return ++runs; }), 2);
}

}  // namespace
}  // namespace taizhang::api
