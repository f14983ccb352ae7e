#include "engine/deadline/working_day_calendar.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/base/clock.h"

namespace taizhang {
namespace {

using date::year_month_day;

constexpr const char* kCalendarPath = TAIZHANG_SOURCE_DIR "/calendar/cn_workdays.json";

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

class WorkingDayCalendarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = WorkingDayCalendar::load(kCalendarPath);
    ASSERT_TRUE(loaded) << loaded.error().message;
    calendar_.emplace(std::move(*loaded));
  }

  bool working(int y, unsigned m, unsigned d) {
    auto result = calendar_->is_working_day(ymd(y, m, d));
    EXPECT_TRUE(result) << result.error().message;
    return result.value_or(false);
  }

  std::string add(year_month_day from, int days) {
    auto result = calendar_->add_working_days(from, days);
    if (!result) return "error: " + result.error().message;
    return format_date(*result);
  }

  std::optional<WorkingDayCalendar> calendar_;
};

TEST_F(WorkingDayCalendarTest, ShippedFileCovers2019Through2026) {
  for (int y = 2019; y <= 2026; ++y) EXPECT_TRUE(calendar_->covers(date::year{y})) << y;
  EXPECT_FALSE(calendar_->covers(date::year{2018}));
  EXPECT_FALSE(calendar_->covers(date::year{2027}));
}

TEST_F(WorkingDayCalendarTest, SpringFestival2019HolidayAndMakeUpWeekend) {
  EXPECT_TRUE(working(2019, 2, 1));   // Friday before the break
  EXPECT_TRUE(working(2019, 2, 2));   // Saturday, 调休 working day
  EXPECT_TRUE(working(2019, 2, 3));   // Sunday, 调休 working day
  for (unsigned d = 4; d <= 10; ++d) EXPECT_FALSE(working(2019, 2, d)) << "2019-02-" << d;
  EXPECT_TRUE(working(2019, 2, 11));  // Monday after
}

TEST_F(WorkingDayCalendarTest, NationalDay2019HolidayAndMakeUpDays) {
  EXPECT_FALSE(working(2019, 9, 28));  // ordinary Saturday
  EXPECT_TRUE(working(2019, 9, 29));   // Sunday, 调休 working day
  for (unsigned d = 1; d <= 7; ++d) EXPECT_FALSE(working(2019, 10, d)) << "2019-10-0" << d;
  EXPECT_TRUE(working(2019, 10, 8));
  EXPECT_TRUE(working(2019, 10, 12));  // Saturday, 调休 working day
  EXPECT_FALSE(working(2019, 10, 13));
}

TEST_F(WorkingDayCalendarTest, AmendmentsAndRuleChangesAreInTheData) {
  // 2019's May Day was extended to four days by a second notice in March 2019.
  EXPECT_TRUE(working(2019, 4, 28));
  EXPECT_FALSE(working(2019, 5, 2));
  EXPECT_FALSE(working(2019, 5, 3));
  EXPECT_TRUE(working(2019, 5, 5));
  // 2020's Spring Festival was extended to 2 February, cancelling the 1 February make-up day.
  EXPECT_FALSE(working(2020, 1, 31));
  EXPECT_FALSE(working(2020, 2, 1));
  EXPECT_TRUE(working(2020, 2, 3));
  // From 2025 New Year's Eve (除夕) is a statutory holiday.
  EXPECT_FALSE(working(2025, 1, 28));
  EXPECT_TRUE(working(2025, 2, 8));
  // 2026: nine days of Spring Festival, make-up Saturdays on 14 and 28 February.
  EXPECT_TRUE(working(2026, 2, 14));
  EXPECT_FALSE(working(2026, 2, 23));
  EXPECT_TRUE(working(2026, 2, 28));
}

TEST_F(WorkingDayCalendarTest, OrdinaryWeekdaysAndWeekends) {
  EXPECT_TRUE(working(2019, 3, 6));    // Wednesday
  EXPECT_FALSE(working(2019, 3, 9));   // Saturday
  EXPECT_FALSE(working(2019, 3, 10));  // Sunday
}

TEST_F(WorkingDayCalendarTest, MissingYearIsAnErrorNotAWeekendGuess) {
  for (auto day : {ymd(2018, 6, 1), ymd(2027, 3, 3)}) {
    auto result = calendar_->is_working_day(day);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::invalid_field);
    EXPECT_NE(result.error().message.find(std::to_string(static_cast<int>(day.year()))),
              std::string::npos)
        << result.error().message;
  }
}

TEST_F(WorkingDayCalendarTest, AddWorkingDaysOverSpringFestival2019) {
  EXPECT_EQ(add(ymd(2019, 1, 31), 1), "2019-02-01");
  EXPECT_EQ(add(ymd(2019, 1, 31), 3), "2019-02-03");  // counts both 调休 weekend days
  EXPECT_EQ(add(ymd(2019, 1, 31), 4), "2019-02-11");  // then skips the whole holiday
  EXPECT_EQ(add(ymd(2019, 2, 1), 5), "2019-02-13");
}

TEST_F(WorkingDayCalendarTest, AddWorkingDaysOverNationalDay2019) {
  EXPECT_EQ(add(ymd(2019, 9, 27), 1), "2019-09-29");  // Saturday off, Sunday 调休
  EXPECT_EQ(add(ymd(2019, 9, 27), 3), "2019-10-08");
  EXPECT_EQ(add(ymd(2019, 9, 27), 5), "2019-10-10");
  EXPECT_EQ(add(ymd(2019, 10, 10), 2), "2019-10-12");  // Saturday 调休 counts
}

TEST_F(WorkingDayCalendarTest, AddWorkingDaysLimitsAndMissingYears) {
  EXPECT_EQ(add(ymd(2019, 2, 5), 0), "2019-02-05");
  EXPECT_NE(add(ymd(2019, 2, 5), -1).find("error"), std::string::npos);
  EXPECT_NE(add(ymd(2019, 2, 5), WorkingDayCalendar::kMaxWorkingDays + 1).find("error"),
            std::string::npos);
  std::string past_the_data = add(ymd(2026, 12, 29), 5);  // runs into 2027
  EXPECT_NE(past_the_data.find("2027"), std::string::npos) << past_the_data;
}

TEST_F(WorkingDayCalendarTest, SpringFestivalDates) {
  const std::pair<int, year_month_day> expected[] = {
      {2019, ymd(2019, 2, 5)},  {2020, ymd(2020, 1, 25)}, {2021, ymd(2021, 2, 12)},
      {2022, ymd(2022, 2, 1)},  {2023, ymd(2023, 1, 22)}, {2024, ymd(2024, 2, 10)},
      {2025, ymd(2025, 1, 29)}, {2026, ymd(2026, 2, 17)}, {2027, ymd(2027, 2, 6)},
      {2028, ymd(2028, 1, 26)}, {2029, ymd(2029, 2, 13)}, {2030, ymd(2030, 2, 3)}};
  for (const auto& [year, day] : expected) {
    auto festival = calendar_->spring_festival(date::year{year});
    ASSERT_TRUE(festival) << year;
    EXPECT_EQ(*festival, day) << year;
  }
  EXPECT_FALSE(calendar_->spring_festival(date::year{2031}));
}

// Every year's data is consistent: make-up days are weekends that work, and each Spring
// Festival day (正月初一) is a holiday.
TEST_F(WorkingDayCalendarTest, ShippedDataIsConsistent) {
  for (int y = 2019; y <= 2026; ++y) {
    auto festival = calendar_->spring_festival(date::year{y});
    ASSERT_TRUE(festival);
    EXPECT_FALSE(calendar_->is_working_day(*festival).value_or(true)) << y;
    EXPECT_FALSE(working(y, 10, 1)) << y;
    EXPECT_FALSE(working(y, 5, 1)) << y;
  }
}

std::string load_error(const std::string& json) {
  auto calendar = WorkingDayCalendar::from_json(json);
  return calendar ? std::string("loaded") : calendar.error().message;
}

constexpr const char* kValidYear =
    R"({"years": {"2019": {"source": "test", "spring_festival": "2019-02-05",
        "holidays": ["2019-02-04..2019-02-10"], "makeup_workdays": ["2019-02-02"]}}})";

TEST(WorkingDayCalendarLoadTest, AcceptsAMinimalFile) {
  EXPECT_EQ(load_error(kValidYear), "loaded");
  auto calendar = WorkingDayCalendar::from_json(kValidYear);
  ASSERT_TRUE(calendar);
  EXPECT_TRUE(calendar->is_working_day(ymd(2019, 2, 2)).value_or(false));
  EXPECT_FALSE(calendar->is_working_day(ymd(2019, 2, 8)).value_or(true));
}

TEST(WorkingDayCalendarLoadTest, RejectsMistakesNamingTheEntry) {
  auto with = [](const std::string& holidays, const std::string& makeups,
                 const std::string& festival = "2019-02-05") {
    return R"({"years": {"2019": {"source": "test", "spring_festival": ")" + festival +
           R"(", "holidays": [)" + holidays + R"(], "makeup_workdays": [)" + makeups + "]}}}";
  };
  EXPECT_NE(load_error("{not json").find("not well-formed"), std::string::npos);
  EXPECT_NE(load_error(R"({"years": {}})").find("years"), std::string::npos);
  EXPECT_NE(load_error(with(R"("2019-02-30")", "")).find("holidays[0]"), std::string::npos);
  EXPECT_NE(load_error(with(R"("2019-02-10..2019-02-04")", "")).find("backwards"),
            std::string::npos);
  EXPECT_NE(load_error(with(R"("2021-02-04")", "")).find("not in 2019"), std::string::npos);
  EXPECT_NE(load_error(with("", R"("2019-02-04")")).find("not a Saturday or Sunday"),
            std::string::npos);
  EXPECT_NE(load_error(with(R"("2019-02-02")", R"("2019-02-02")")).find("also listed"),
            std::string::npos);
  EXPECT_NE(load_error(with("", "", "2019-03-05")).find("spring_festival"), std::string::npos);
  EXPECT_NE(load_error(R"({"years": {"2019": {"spring_festival": "2019-02-05", "holidays": [],
                          "makeup_workdays": []}}})")
                .find("source"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"years": {"19": {}}})").find("not a year"), std::string::npos);
  std::string conflict = std::string(kValidYear);
  conflict.insert(conflict.size() - 1, R"(, "spring_festival": {"2019": "2019-02-06"})");
  EXPECT_NE(load_error(conflict).find("disagrees"), std::string::npos);
}

TEST(WorkingDayCalendarLoadTest, MissingFileIsNotFound) {
  auto calendar = WorkingDayCalendar::load("/nonexistent/cn_workdays.json");
  ASSERT_FALSE(calendar);
  EXPECT_EQ(calendar.error().code, ErrorCode::not_found);
}

// The calendar file's dates are read with clock.h's parse_date: only real days, exactly
// YYYY-MM-DD.
TEST(WorkingDayCalendarLoadTest, FileDatesAreStrictIsoDates) {
  EXPECT_EQ(parse_date("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2019-7-31"));
  EXPECT_FALSE(parse_date("2019-07-31 "));
  EXPECT_FALSE(parse_date(""));
  EXPECT_EQ(format_date(ymd(2019, 7, 1)), "2019-07-01");
}

}  // namespace
}  // namespace taizhang
