#include <gtest/gtest.h>

#include "engine/base/clock.h"

namespace taizhang {
namespace {

TEST(Clock, FormatsInShanghaiTime) {
  auto t = parse_rfc3339("2019-02-18T16:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2019-02-19T00:30:00.000+08:00");
  EXPECT_EQ(format_date(shanghai_date(*t)), "2019-02-19");
}

TEST(Clock, ParsesOffsetsAndFractions) {
  EXPECT_EQ(parse_rfc3339("2019-03-15T09:00:00+08:00"), parse_rfc3339("2019-03-15T01:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2019-03-15T09:00:00.250+08:00").value() -
                parse_rfc3339("2019-03-15T09:00:00+08:00").value(),
            std::chrono::milliseconds(250));
  EXPECT_FALSE(parse_rfc3339("2019-03-15 09:00"));
  EXPECT_FALSE(parse_rfc3339("2019-02-30T09:00:00+08:00"));
  EXPECT_FALSE(parse_rfc3339("2019-03-15T25:00:00+08:00"));
  EXPECT_FALSE(parse_rfc3339("2019-03-15T09:00:00+08:00x"));
}

TEST(Clock, StartsAtTheGivenInstantAndAdvances) {
  auto start = *parse_rfc3339("2019-03-15T09:00:00+08:00");
  Clock clock(start);
  auto now = clock.now();
  EXPECT_GE(now, start);
  EXPECT_LT(now - start, std::chrono::minutes(1));
  EXPECT_EQ(format_date(clock.today()), "2019-03-15");
}

TEST(Clock, StrictDates) {
  EXPECT_TRUE(parse_date("2020-02-29"));
  EXPECT_FALSE(parse_date("2019-02-29"));
  EXPECT_FALSE(parse_date("2019-2-28"));
  EXPECT_FALSE(parse_date("2019/02/28"));
}

}  // namespace
}  // namespace taizhang
