#include "engine/deadline/expression.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/deadline/working_day_calendar.h"

namespace taizhang {
namespace {

using date::year_month_day;

constexpr const char* kCalendarPath = TAIZHANG_SOURCE_DIR "/calendar/cn_workdays.json";
// The township's 2019 work plan, beside the repository (see issue 3). Tests that read it skip
// when it is not there.
constexpr const char* kSeedPlanPath =
    TAIZHANG_SOURCE_DIR "/../shared/seed/000_a9137cf13aa26b2f.txt";

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

std::string iso(const std::optional<year_month_day>& day) {
  return day ? format_date(*day) : std::string("none");
}

// One expected reading: the kind and the dates, as text so that failures read plainly.
struct Case {
  const char* text;
  DeadlineKind kind;
  const char* start_on;  // "none" when absent
  const char* due_on;
};

class DeadlineExpressionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = WorkingDayCalendar::load(kCalendarPath);
    ASSERT_TRUE(loaded) << loaded.error().message;
    calendar_.emplace(std::move(*loaded));
  }

  Result<Deadline> parse(std::string_view text, year_month_day ref = ymd(2019, 3, 1),
                         std::optional<year_month_day> anchor = std::nullopt) {
    return parse_deadline(text, ref, anchor, &*calendar_);
  }

  void expect_cases(const std::vector<Case>& cases, year_month_day ref = ymd(2019, 3, 1),
                    std::optional<year_month_day> anchor = std::nullopt) {
    for (const Case& c : cases) {
      SCOPED_TRACE(c.text);
      auto deadline = parse(c.text, ref, anchor);
      ASSERT_TRUE(deadline) << deadline.error().message;
      EXPECT_EQ(to_string(deadline->kind), to_string(c.kind));
      EXPECT_EQ(iso(deadline->start_on), c.start_on);
      EXPECT_EQ(iso(deadline->due_on), c.due_on);
    }
  }

  // The error for `text`, which must be invalid_field on "text" and mention `mentions`.
  void expect_error(std::string_view text, std::string_view mentions,
                    year_month_day ref = ymd(2019, 3, 1),
                    std::optional<year_month_day> anchor = std::nullopt) {
    SCOPED_TRACE(std::string(text));
    auto deadline = parse(text, ref, anchor);
    ASSERT_FALSE(deadline) << "read as " << deadline->normalized;
    EXPECT_EQ(deadline.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(deadline.error().field, "text");
    EXPECT_NE(deadline.error().message.find(mentions), std::string::npos)
        << deadline.error().message;
  }

  std::optional<WorkingDayCalendar> calendar_;
};

constexpr DeadlineKind by = DeadlineKind::by;
constexpr DeadlineKind span = DeadlineKind::span;
constexpr DeadlineKind during = DeadlineKind::during;
constexpr DeadlineKind relative = DeadlineKind::relative;
constexpr DeadlineKind recurring = DeadlineKind::recurring;

TEST_F(DeadlineExpressionTest, DayMonthAndYearEnds) {
  expect_cases({
      {"7月底前", by, "none", "2019-07-31"},
      {"7月底前全面完成", by, "none", "2019-07-31"},
      {"9月底前全部搬迁入住", by, "none", "2019-09-30"},
      {"9月底", by, "none", "2019-09-30"},
      {"年底前", by, "none", "2019-12-31"},
      {"2019年底前", by, "none", "2019-12-31"},
      {"2019年年底前", by, "none", "2019-12-31"},
      {"年内完成", by, "none", "2019-12-31"},
      {"10月31日前", by, "none", "2019-10-31"},
      {"10月31日以前", by, "none", "2019-10-31"},
      {"10月31日之前", by, "none", "2019-10-31"},
      {"10月31号前", by, "none", "2019-10-31"},
      {"12月20日完成", by, "none", "2019-12-20"},
      {"2020年6月30日", by, "none", "2020-06-30"},
      {"截至2019年12月31日", by, "none", "2019-12-31"},
      {"第三季度末", by, "none", "2019-09-30"},
      {"三季度末前", by, "none", "2019-09-30"},
      {"本月底前", by, "none", "2019-03-31"},
      {"2019-07-31前", by, "none", "2019-07-31"},
  });
}

TEST_F(DeadlineExpressionTest, FebruaryEndsInLeapAndCommonYears) {
  expect_cases({{"2月底前", by, "none", "2019-02-28"}}, ymd(2019, 1, 1));
  expect_cases({{"2月底前", by, "none", "2020-02-29"}}, ymd(2020, 1, 1));
  expect_cases({{"2月底前", by, "none", "2023-02-28"}}, ymd(2023, 1, 1));
  expect_cases({{"2月底前", by, "none", "2024-02-29"}}, ymd(2024, 1, 1));
  expect_cases({
      {"2100年2月底前", by, "none", "2100-02-28"},  // century years are leap only by 400
      {"2000年2月底前", by, "none", "2000-02-29"},
      {"2020年2月下旬", during, "2020-02-21", "2020-02-29"},
      {"2019年2月下旬", during, "2019-02-21", "2019-02-28"},
      {"2020年2月29日前", by, "none", "2020-02-29"},
      {"2020年2月", during, "2020-02-01", "2020-02-29"},
  });
}

TEST_F(DeadlineExpressionTest, ChineseNumerals) {
  expect_cases({
      {"八月底前", by, "none", "2019-08-31"},
      {"十二月", during, "2019-12-01", "2019-12-31"},
      {"十一月十日前", by, "none", "2019-11-10"},
      {"十月二十一日前", by, "none", "2019-10-21"},
      {"十月三十一日", by, "none", "2019-10-31"},
      {"二〇一九年十月", during, "2019-10-01", "2019-10-31"},
      {"二零二零年二月底前", by, "none", "2020-02-29"},
      {"二〇一九年二—九月", span, "2019-02-01", "2019-09-30"},
  });
}

TEST_F(DeadlineExpressionTest, SpacesPunctuationAndLeadingWords) {
  expect_cases({
      {"在 2019 年1月 25 日前", by, "none", "2019-01-25"},
      {"于2019年6月30日前完成", by, "none", "2019-06-30"},
      {"时间节点:2019年2—9月", span, "2019-02-01", "2019-09-30"},
      {"（时间节点：2019年2—9月）", span, "2019-02-01", "2019-09-30"},
      {"(时间节点:2019年2—9月)。", span, "2019-02-01", "2019-09-30"},
      {"　７月底前　", by, "none", "2019-07-31"},
      {"2019年10月。", during, "2019-10-01", "2019-10-31"},
  });
}

TEST_F(DeadlineExpressionTest, MonthsXunQuartersHalvesAndYears) {
  expect_cases({
      {"2019年10月", during, "2019-10-01", "2019-10-31"},
      {"2019年10月份", during, "2019-10-01", "2019-10-31"},
      {"3月上旬", during, "2019-03-01", "2019-03-10"},
      {"3月中旬", during, "2019-03-11", "2019-03-20"},
      {"3月下旬", during, "2019-03-21", "2019-03-31"},
      {"3月初", during, "2019-03-01", "2019-03-10"},
      {"3月中", during, "2019-03-11", "2019-03-20"},
      {"4月下旬", during, "2019-04-21", "2019-04-30"},
      {"上半年", during, "2019-01-01", "2019-06-30"},
      {"下半年", during, "2019-07-01", "2019-12-31"},
      {"2020年上半年", during, "2020-01-01", "2020-06-30"},
      {"第一季度", during, "2019-01-01", "2019-03-31"},
      {"一季度", during, "2019-01-01", "2019-03-31"},
      {"第二季度", during, "2019-04-01", "2019-06-30"},
      {"第三季度", during, "2019-07-01", "2019-09-30"},
      {"第四季度", during, "2019-10-01", "2019-12-31"},
      {"第4季度", during, "2019-10-01", "2019-12-31"},
      {"2019年", during, "2019-01-01", "2019-12-31"},
      {"明年3月", during, "2020-03-01", "2020-03-31"},
  });
}

TEST_F(DeadlineExpressionTest, SpansWithEveryDashAndWord) {
  for (const char* text :
       {"2019年2—9月", "2019年2–9月", "2019年2-9月", "2019年2－9月", "2019年2~9月", "2019年2～9月",
        "2019年2——9月", "2019年2至9月", "2019年2到9月", "2019年2 — 9月", "2019年2月-9月"}) {
    expect_cases({{text, span, "2019-02-01", "2019-09-30"}});
  }
  expect_cases({
      {"2019年3月至12月", span, "2019-03-01", "2019-12-31"},
      {"7月3日至7月15日", span, "2019-07-03", "2019-07-15"},
      {"7月3日至15日", span, "2019-07-03", "2019-07-15"},
      {"7月3—15日", span, "2019-07-03", "2019-07-15"},
      {"2019年2月下旬-3月中旬", span, "2019-02-21", "2019-03-20"},
      {"2019年10月至2020年6月", span, "2019-10-01", "2020-06-30"},
      {"2019—2020年", span, "2019-01-01", "2020-12-31"},
      {"3月上旬至4月底", span, "2019-03-01", "2019-04-30"},
      {"2019-02-01至2019-09-30", span, "2019-02-01", "2019-09-30"},
  });
}

// Every 时间节点 form of the township's 2019 plan, and the dates it gives.
TEST_F(DeadlineExpressionTest, EveryFormInTheSeedPlan) {
  expect_cases(
      {
          {"(时间节点:2019年2—3月)", span, "2019-02-01", "2019-03-31"},
          {"(时间节点:2019年2—9月)", span, "2019-02-01", "2019-09-30"},
          {"(时间节点:2019年2—10月)", span, "2019-02-01", "2019-10-31"},
          {"(时间节点:2019年2—11月)", span, "2019-02-01", "2019-11-30"},
          {"(时间节点:2019年2—12月)", span, "2019-02-01", "2019-12-31"},
          {"(时间节点:2019年1—12月)", span, "2019-01-01", "2019-12-31"},
          {"(时间节点:2019年12月)", during, "2019-12-01", "2019-12-31"},
          {"(时间节点:2019年2月至12月)", span, "2019-02-01", "2019-12-31"},
          {"(时间节点:2019年3月至12月)", span, "2019-03-01", "2019-12-31"},
          {"(2019年2月下旬)", during, "2019-02-21", "2019-02-28"},
          {"(2019年2月下旬-3月中旬)", span, "2019-02-21", "2019-03-20"},
          {"(2019年10月)", during, "2019-10-01", "2019-10-31"},
          {"7月底前全面完成", by, "none", "2019-07-31"},
          {"9月底前全部搬迁入住", by, "none", "2019-09-30"},
      },
      ymd(2019, 1, 1));
}

// Reads the plan itself: every "(时间节点:…)" and every "(2019年…)" in it must parse, in 2019.
TEST_F(DeadlineExpressionTest, EveryTimeNodeInTheSeedPlanFile) {
  std::ifstream in(kSeedPlanPath);
  if (!in) GTEST_SKIP() << "seed plan not found at " << kSeedPlanPath;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string plan = buffer.str();
  int found = 0;
  for (std::size_t open = plan.find('('); open != std::string::npos;
       open = plan.find('(', open + 1)) {
    std::size_t close = plan.find(')', open);
    if (close == std::string::npos) break;
    std::string inside = plan.substr(open, close - open + 1);
    if (inside.rfind("(时间节点", 0) != 0 && inside.rfind("(2019年", 0) != 0) continue;
    if (inside.size() > 64) continue;  // a sentence in parentheses, not a time node
    SCOPED_TRACE(inside);
    auto deadline = parse(inside, ymd(2019, 1, 1));
    ASSERT_TRUE(deadline) << deadline.error().message;
    EXPECT_EQ(deadline->due_on.year(), date::year{2019});
    ++found;
  }
  EXPECT_EQ(found, 78);  // the page holds its text twice: 39 time nodes, each twice
}

TEST_F(DeadlineExpressionTest, NamedDays) {
  expect_cases({
      {"春节前", by, "none", "2019-02-04"},  // 除夕, the eve of Spring Festival
      {"2020年春节前", by, "none", "2020-01-24"},
      {"2025年春节前", by, "none", "2025-01-28"},
      {"2030年春节前", by, "none", "2030-02-02"},
      {"国庆前", by, "none", "2019-09-30"},
      {"国庆节前完成", by, "none", "2019-09-30"},
  });
}

TEST_F(DeadlineExpressionTest, RelativeCalendarDays) {
  expect_cases(
      {
          {"15日内", relative, "2019-02-01", "2019-02-16"},
          {"30天内", relative, "2019-02-01", "2019-03-03"},
          {"30日以内", relative, "2019-02-01", "2019-03-03"},
          {"十五日内", relative, "2019-02-01", "2019-02-16"},
          {"竣工验收后30日内", relative, "2019-02-01", "2019-03-03"},
          {"2周内", relative, "2019-02-01", "2019-02-15"},
          {"一个月内", relative, "2019-02-01", "2019-03-01"},
          {"两个月内", relative, "2019-02-01", "2019-04-01"},
      },
      ymd(2019, 3, 1), ymd(2019, 2, 1));
  auto deadline = parse("竣工验收后30日内", ymd(2019, 3, 1), ymd(2019, 7, 15));
  ASSERT_TRUE(deadline);
  EXPECT_EQ(iso(deadline->due_on), "2019-08-14");
  EXPECT_EQ(deadline->days, 30);
  EXPECT_FALSE(deadline->working);
  EXPECT_EQ(deadline->normalized, "2019-07-15起30日内");
}

TEST_F(DeadlineExpressionTest, OneMonthEndsOnTheSameDayOrTheMonthsLast) {
  const year_month_day ref = ymd(2019, 1, 1);
  expect_cases({{"一个月内", relative, "2019-01-31", "2019-02-28"}}, ref, ymd(2019, 1, 31));
  expect_cases({{"一个月内", relative, "2020-01-31", "2020-02-29"}}, ref, ymd(2020, 1, 31));
  expect_cases({{"1个月内", relative, "2019-12-15", "2020-01-15"}}, ref, ymd(2019, 12, 15));
  auto deadline = parse("一个月内", ymd(2019, 1, 1), ymd(2019, 1, 31));
  ASSERT_TRUE(deadline);
  EXPECT_EQ(deadline->months, 1);
  EXPECT_FALSE(deadline->days);
}

TEST_F(DeadlineExpressionTest, WorkingDaysOverSpringFestival2019) {
  // Anchor Friday 1 Feb 2019: 2 and 3 Feb are 调休 working days, 4-10 Feb the holiday.
  expect_cases(
      {
          {"2个工作日内", relative, "2019-02-01", "2019-02-03"},
          {"3个工作日内", relative, "2019-02-01", "2019-02-11"},
          {"5个工作日内", relative, "2019-02-01", "2019-02-13"},
          {"五个工作日内完成", relative, "2019-02-01", "2019-02-13"},
          {"收到申请后5个工作日内办结", relative, "2019-02-01", "2019-02-13"},
          {"自受理之日起20个工作日内", relative, "2019-02-01", "2019-03-06"},
      },
      ymd(2019, 1, 1), ymd(2019, 2, 1));
  auto deadline = parse("5个工作日内", ymd(2019, 1, 1), ymd(2019, 2, 1));
  ASSERT_TRUE(deadline);
  EXPECT_TRUE(deadline->working);
  EXPECT_EQ(deadline->days, 5);
  EXPECT_EQ(deadline->normalized, "2019-02-01起5个工作日内");
}

TEST_F(DeadlineExpressionTest, WorkingDaysOverNationalDay2019) {
  // Anchor Friday 27 Sep 2019: Sunday 29 Sep works, 1-7 Oct off, Saturday 12 Oct works.
  expect_cases(
      {
          {"1个工作日内", relative, "2019-09-27", "2019-09-29"},
          {"2个工作日内", relative, "2019-09-27", "2019-09-30"},
          {"3个工作日内", relative, "2019-09-27", "2019-10-08"},
          {"5个工作日内", relative, "2019-09-27", "2019-10-10"},
          {"7个工作日内", relative, "2019-09-27", "2019-10-12"},
      },
      ymd(2019, 1, 1), ymd(2019, 9, 27));
}

TEST_F(DeadlineExpressionTest, WrittenStartDateIsTheAnchor) {
  expect_cases({
      {"2019-03-01起30日内", relative, "2019-03-01", "2019-03-31"},
      {"2019年3月1日起5个工作日内", relative, "2019-03-01", "2019-03-08"},
      {"7月底后10日内", relative, "2019-07-31", "2019-08-10"},
  });
  expect_error("2019-03-01起30日内", "anchor given is 2019-03-05", ymd(2019, 1, 1), ymd(2019, 3, 5));
}

TEST_F(DeadlineExpressionTest, Recurring) {
  expect_cases({{"每月5日前", recurring, "none", "2019-03-05"}}, ymd(2019, 3, 1));
  expect_cases({{"每月5日前", recurring, "none", "2019-03-05"}}, ymd(2019, 3, 5));
  expect_cases({{"每月5日前", recurring, "none", "2019-04-05"}}, ymd(2019, 3, 6));
  expect_cases({{"每月5号", recurring, "none", "2020-01-05"}}, ymd(2019, 12, 6));
  expect_cases({{"每月底", recurring, "none", "2020-02-29"}}, ymd(2020, 2, 10));
  expect_cases({{"每季度末", recurring, "none", "2019-03-31"}}, ymd(2019, 3, 1));
  expect_cases({{"每季度末", recurring, "none", "2019-12-31"}}, ymd(2019, 11, 15));
  expect_cases({{"每年6月30日前", recurring, "none", "2020-06-30"}}, ymd(2019, 7, 1));
  expect_cases({{"每年底", recurring, "none", "2019-12-31"}}, ymd(2019, 7, 1));
  auto deadline = parse("每月5日前");
  ASSERT_TRUE(deadline && deadline->recurrence);
  EXPECT_EQ(deadline->recurrence->period, Recurrence::Period::month);
  EXPECT_EQ(deadline->recurrence->day, 5u);
  EXPECT_EQ(deadline->normalized, "每月5日前");
}

TEST_F(DeadlineExpressionTest, RejectsNonsenseNamingTheProblem) {
  expect_error("13月底前", "no month 13");
  expect_error("2月30日前", "no 30日 in 2019年2月");
  expect_error("2月29日前", "no 29日 in 2019年2月");
  expect_error("2019年9—2月", "runs backwards");
  expect_error("2019年11月至2月", "runs backwards");
  expect_error("2018224日至630日", "年 and 月");
  expect_error("201902月", "年");
  expect_error("19年3月", "four digits");
  expect_error("第五季度", "no quarter 5");
  expect_error("2019年2", "no unit");
  expect_error("每月31日前", "每月底");
}

TEST_F(DeadlineExpressionTest, RejectsEmptyAndUnknownText) {
  expect_error("", "empty");
  expect_error("   ", "empty");
  expect_error("()", "empty");
  expect_error("时间节点:", "no date");
  expect_error("尽快完成", "\"尽快完成\"");
  expect_error("另行通知", "另行通知");
  expect_error("7月底前完成，9月底前入住", "9月底前入住");
  expect_error("2019年2月至今", "今");
  expect_error("1 5日内", "space");
  expect_error("一百五日内", "一百五");
  expect_error("二三月", "二三");
  expect_error("\xff\xfe", "UTF-8");
  expect_error(std::string(300, 'x'), "longer than 256 bytes");
}

TEST_F(DeadlineExpressionTest, RejectsWhatCouldBeReadTwoWays) {
  expect_error("9月前", "9月底前");
  expect_error("上半年前", "last day");
  expect_error("2019年2—9月前", "span");
  expect_error("春节", "春节前");
  expect_error("3月内", "3个月内");
  expect_error("二十一日", "which month");
  expect_error("7月至15日", "which month");
  expect_error("春节后15日内", "one day", ymd(2019, 1, 1), ymd(2019, 2, 5));
}

TEST_F(DeadlineExpressionTest, RelativeNeedsAnAnchorAndACoveredCalendar) {
  expect_error("15日内", "anchor");
  expect_error("竣工验收后30日内", "anchor");
  expect_error("5个工作日内", "2031", ymd(2031, 1, 1), ymd(2031, 1, 6));
  expect_error("5个工作日内", "2027", ymd(2026, 1, 1), ymd(2026, 12, 29));
  expect_error("0日内", "from 1", ymd(2019, 1, 1), ymd(2019, 2, 1));
  expect_error("3661日内", "3660", ymd(2019, 1, 1), ymd(2019, 2, 1));
  expect_error("2031年春节前", "Spring Festival 2031");
}

TEST_F(DeadlineExpressionTest, WithoutACalendarOnlyCalendarFormsFail) {
  auto plain = parse_deadline("7月底前", ymd(2019, 1, 1), std::nullopt, nullptr);
  ASSERT_TRUE(plain);
  EXPECT_EQ(iso(plain->due_on), "2019-07-31");
  for (const char* text : {"5个工作日内", "春节前"}) {
    auto deadline = parse_deadline(text, ymd(2019, 1, 1), ymd(2019, 2, 1), nullptr);
    ASSERT_FALSE(deadline) << text;
    EXPECT_NE(deadline.error().message.find("calendar"), std::string::npos)
        << deadline.error().message;
  }
}

TEST_F(DeadlineExpressionTest, BadReferenceOrAnchorDateNamesItsField) {
  auto bad_ref = parse_deadline("7月底前", year_month_day{}, std::nullopt, &*calendar_);
  ASSERT_FALSE(bad_ref);
  EXPECT_EQ(bad_ref.error().field, "ref");
  auto bad_anchor = parse_deadline("15日内", ymd(2019, 1, 1), ymd(2019, 2, 30), &*calendar_);
  ASSERT_FALSE(bad_anchor);
  EXPECT_EQ(bad_anchor.error().field, "anchor");
}

// The normalized text is canonical: it reads back to the same deadline.
TEST_F(DeadlineExpressionTest, NormalizedTextReadsBackTheSame) {
  const year_month_day ref = ymd(2019, 3, 1);
  const year_month_day anchor = ymd(2019, 2, 1);
  for (const char* text :
       {"7月底前", "春节前", "2019年2—9月", "2019年2月下旬-3月中旬", "2019年10月", "3月中旬",
        "第三季度", "下半年", "2019年", "15日内", "5个工作日内", "一个月内", "2周内", "每月5日前",
        "每月底", "每季度末", "每年6月30日前", "每年底"}) {
    SCOPED_TRACE(text);
    auto first = parse(text, ref, anchor);
    ASSERT_TRUE(first) << first.error().message;
    auto again = parse(first->normalized, ref, anchor);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->normalized, first->normalized);
    EXPECT_EQ(again->kind, first->kind);
    EXPECT_EQ(iso(again->start_on), iso(first->start_on));
    EXPECT_EQ(again->due_on, first->due_on);
    EXPECT_EQ(again->days, first->days);
    EXPECT_EQ(again->months, first->months);
    EXPECT_EQ(again->working, first->working);
  }
}

TEST_F(DeadlineExpressionTest, NormalizedForms) {
  auto normalized = [this](const char* text) {
    auto deadline = parse(text, ymd(2019, 3, 1), ymd(2019, 2, 1));
    return deadline ? deadline->normalized : "error: " + deadline.error().message;
  };
  EXPECT_EQ(normalized("7月底前"), "2019-07-31前");
  EXPECT_EQ(normalized("2019年2—9月"), "2019-02-01至2019-09-30");
  EXPECT_EQ(normalized("二〇一九年十月"), "2019年10月");
  EXPECT_EQ(normalized("2月下旬"), "2019年2月下旬");
  EXPECT_EQ(normalized("3月初"), "2019年3月上旬");
  EXPECT_EQ(normalized("一季度"), "2019年第一季度");
  EXPECT_EQ(normalized("上半年"), "2019年上半年");
  EXPECT_EQ(normalized("一个月内"), "2019-02-01起1个月内");
  EXPECT_EQ(normalized("2周内"), "2019-02-01起14日内");
  EXPECT_EQ(normalized("每季度末"), "每季度末前");
}

TEST_F(DeadlineExpressionTest, JsonShape) {
  auto by_deadline = parse("7月底前");
  ASSERT_TRUE(by_deadline);
  EXPECT_EQ(to_json(*by_deadline),
            nlohmann::json::parse(R"({"kind": "by", "start_on": null, "due_on": "2019-07-31",
                                      "days": null, "working": null,
                                      "normalized": "2019-07-31前"})"));
  auto span_deadline = parse("2019年2—9月");
  ASSERT_TRUE(span_deadline);
  EXPECT_EQ(to_json(*span_deadline),
            nlohmann::json::parse(R"({"kind": "span", "start_on": "2019-02-01",
                                      "due_on": "2019-09-30", "days": null, "working": null,
                                      "normalized": "2019-02-01至2019-09-30"})"));
  auto relative_deadline = parse("5个工作日内", ymd(2019, 1, 1), ymd(2019, 2, 1));
  ASSERT_TRUE(relative_deadline);
  EXPECT_EQ(to_json(*relative_deadline),
            nlohmann::json::parse(R"({"kind": "relative", "start_on": "2019-02-01",
                                      "due_on": "2019-02-13", "days": 5, "working": true,
                                      "normalized": "2019-02-01起5个工作日内"})"));
}

TEST_F(DeadlineExpressionTest, YearLeftOutIsTheReferenceYearEvenWhenPast) {
  // The plan's year is the reference; a date already gone is still that year's, never the next.
  expect_cases({{"7月底前", by, "none", "2019-07-31"}}, ymd(2019, 12, 31));
  expect_cases({{"7月底前", by, "none", "2026-07-31"}}, ymd(2026, 1, 1));
}

}  // namespace
}  // namespace taizhang
