#include "engine/deadline/sentence_reader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/clock.h"
#include "engine/deadline/working_day_calendar.h"

namespace taizhang {
namespace {

using date::year_month_day;

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

class DeadlineSentenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = WorkingDayCalendar::load(TAIZHANG_SOURCE_DIR "/calendar/cn_workdays.json");
    ASSERT_TRUE(loaded) << loaded.error().message;
    calendar_.emplace(std::move(*loaded));
  }

  std::expected<DeadlinesInText, TextRefusal> all(
      std::string_view text, std::optional<year_month_day> anchor = std::nullopt) {
    return read_deadlines_in_text(text, ymd(2019, 1, 1), anchor, &*calendar_);
  }

  // "START..DUE [matched] {words}" of each deadline, or "refuse:REASON".
  std::string read(std::string_view text, std::optional<year_month_day> anchor = std::nullopt) {
    auto found = all(text, anchor);
    if (!found) return "refuse:" + std::string(to_string(found.error().reason));
    std::string out;
    for (const auto& d : found->deadlines) {
      if (!out.empty()) out += "; ";
      out += (d.deadline.start_on ? format_date(*d.deadline.start_on) : "-") + ".." +
             format_date(d.deadline.due_on) + " [" + d.matched.text + "] {" + d.words + "}";
    }
    return out;
  }

  std::optional<WorkingDayCalendar> calendar_;
};

TEST_F(DeadlineSentenceTest, LeadingAndTrailingWordsAreTheWording) {
  EXPECT_EQ(read("请于2019年7月31日前报送镇扶贫站"), "-..2019-07-31 [于2019年7月31日前] {请报送镇扶贫站}");
  EXPECT_EQ(read("确保6月底前完成所有到村项目的验收报账"),
            "-..2019-06-30 [6月底前] {确保完成所有到村项目的验收报账}");
  EXPECT_EQ(read("务必10月底前实现通水"), "-..2019-10-31 [10月底前] {务必实现通水}");
  EXPECT_EQ(read("力争年底前完成资金拨付"), "-..2019-12-31 [年底前] {力争完成资金拨付}");
  EXPECT_EQ(read("自2019年3月1日起至6月30日止开展排查"),
            "2019-03-01..2019-06-30 [自2019年3月1日起至6月30日止] {开展排查}");
}

TEST_F(DeadlineSentenceTest, LabelsBeforeABracketedTimeAndProgrammeTitles) {
  EXPECT_EQ(read("动员部署阶段（2022年3月）"), "2022-03-01..2022-03-31 [2022年3月] {动员部署阶段}");
  EXPECT_EQ(read("集中攻坚阶段(4月—9月)"), "2019-04-01..2019-09-30 [4月—9月] {集中攻坚阶段}");
  EXPECT_EQ(read("巩固拓展脱贫攻坚成果五年规划（2021—2025年）"),
            "2021-01-01..2025-12-31 [2021—2025年] {巩固拓展脱贫攻坚成果五年规划}");
}

TEST_F(DeadlineSentenceTest, TwoXunRelativeWordsAndNumerals) {
  EXPECT_EQ(read("3月中下旬完成摸底"), "2019-03-11..2019-03-31 [3月中下旬] {完成摸底}");
  EXPECT_EQ(read("2月上中旬召开动员会"), "2019-02-01..2019-02-20 [2月上中旬] {召开动员会}");
  EXPECT_EQ(read("下月10日前上报"), "-..2019-02-10 [下月10日前] {上报}");
  EXPECT_EQ(read("月底前完成"), "-..2019-01-31 [月底前] {完成}");
  EXPECT_EQ(read("本月20日前报送"), "-..2019-01-20 [本月20日前] {报送}");
  EXPECT_EQ(read("明年3月底前完成"), "-..2020-03-31 [明年3月底前] {完成}");
  EXPECT_EQ(read("年内完成改造"), "-..2019-12-31 [年内] {完成改造}");
  EXPECT_EQ(read("２０１９年１０月底前完成"), "-..2019-10-31 [２０１９年１０月底前] {完成}");
  EXPECT_EQ(read("二○一九年十月底前完成"), "-..2019-10-31 [二○一九年十月底前] {完成}");
}

TEST_F(DeadlineSentenceTest, SeveralDeadlinesEachWithTheWordsItGoverns) {
  EXPECT_EQ(read("在建或新增危改户、修缮户工程7月底前全面完成,达到基本入住条件,9月底前全部搬迁入住"),
            "-..2019-07-31 [7月底前] {在建或新增危改户、修缮户工程全面完成,达到基本入住条件}; "
            "-..2019-09-30 [9月底前] {全部搬迁入住}");
  // A year written once holds for the dates after it.
  EXPECT_EQ(read("2020年6月底前完成建设，9月底前验收"),
            "-..2020-06-30 [2020年6月底前] {完成建设}; -..2020-09-30 [9月底前] {验收}");
  // The same deadline twice is one.
  EXPECT_EQ(read("7月底前完成，7月31日前报送"), "-..2019-07-31 [7月底前] {完成，7月31日前报送}");
}

TEST_F(DeadlineSentenceTest, TheSingleReaderRefusesTwoNamingBoth) {
  auto one = read_deadline_in_text("7月底前全面完成…9月底前全部搬迁入住", ymd(2019, 1, 1),
                                   std::nullopt, &*calendar_);
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().reason, TextRefusalReason::several);
  ASSERT_EQ(one.error().matched.size(), 2u);
  EXPECT_EQ(one.error().matched[0].text, "7月底前");
  EXPECT_EQ(one.error().matched[1].text, "9月底前");
  EXPECT_NE(one.error().message.find("2019-09-30"), std::string::npos) << one.error().message;
  EXPECT_EQ(to_error(one.error()).code, ErrorCode::several_deadlines);
}

TEST_F(DeadlineSentenceTest, PositionsInBytesAndCharacters) {
  auto found = read_deadline_in_text("请于7月31日前报送", ymd(2019, 1, 1), std::nullopt, &*calendar_);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->matched.begin_char, 1u);
  EXPECT_EQ(found->matched.end_char, 8u);
  EXPECT_EQ(found->matched.begin_byte, 3u);  // 请 is three bytes
  EXPECT_EQ(found->matched.end_byte, 3u + 3 + 1 + 3 + 2 + 3 + 3);
  nlohmann::json json = to_json(*found);
  EXPECT_EQ(json["matched"]["start"], 1);
  EXPECT_EQ(json["matched"]["text"], "于7月31日前");
  EXPECT_EQ(json["words"], "请报送");
  EXPECT_EQ(json["due_on"], "2019-07-31");
}

TEST_F(DeadlineSentenceTest, RefusesWhatNamesNoDay) {
  for (const char* text : {"尽快完成", "近期召开", "适时开展", "按时完成", "长期坚持", "两不愁三保障",
                           "一户一档", "力争通过3-5年的扶持", "五年规划", "一年内完成", "去年底完成",
                           "自2019年3月1日起施行", "今年以来"}) {
    EXPECT_EQ(read(text), "refuse:no_date") << text;
  }
  auto vague = all("尽快完成");
  ASSERT_FALSE(vague);
  EXPECT_NE(vague.error().message.find("尽快"), std::string::npos) << vague.error().message;
}

TEST_F(DeadlineSentenceTest, RefusesWhatCouldBeReadTwoWays) {
  for (const char* text : {"9月前完成", "3月中旬前完成", "5日前上报", "9月底前后完成",
                           "7月底前完成验收，9月前上报"}) {
    EXPECT_EQ(read(text), "refuse:ambiguous") << text;
  }
}

TEST_F(DeadlineSentenceTest, ACountFromAnEventNeedsItsAnchor) {
  auto refused = all("接到通知后3个工作日内上报");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, TextRefusalReason::needs_anchor);
  EXPECT_NE(refused.error().message.find("接到通知"), std::string::npos) << refused.error().message;
  // Friday 1 Feb 2019: 2 and 3 Feb are make-up working days, then the Spring Festival holiday.
  EXPECT_EQ(read("各村要在接到通知后3个工作日内上报", ymd(2019, 2, 1)),
            "2019-02-01..2019-02-11 [在接到通知后3个工作日内] {各村要上报}");
  EXPECT_EQ(read("竣工验收后30日内拨付补助资金", ymd(2019, 7, 15)),
            "2019-07-15..2019-08-14 [竣工验收后30日内] {拨付补助资金}");
}

TEST_F(DeadlineSentenceTest, RefusesNonsenseAsTheExactReaderDoes) {
  for (const char* text : {"13月底前完成", "2月30日前报送", "工程2019年9—2月实施", "19年3月完成"}) {
    EXPECT_EQ(read(text), "refuse:unreadable") << text;
  }
  EXPECT_EQ(read("\xff\xfe"), "refuse:unreadable");
  EXPECT_EQ(read(std::string(kMaxDeadlineSentenceBytes + 1, 'x')), "refuse:unreadable");
  auto bad_ref = read_deadlines_in_text("7月底前", year_month_day{}, std::nullopt, &*calendar_);
  ASSERT_FALSE(bad_ref);
  EXPECT_EQ(bad_ref.error().field, "ref");
}

TEST_F(DeadlineSentenceTest, BareExpressionsReadAsTheExactReaderReadsThem) {
  for (const char* text : {"7月底前", "2019年2—9月", "2019年2月下旬-3月中旬", "第三季度", "上半年",
                           "每月5日前", "春节前", "十月三十一日", "2019-07-31前"}) {
    auto bare = parse_deadline(text, ymd(2019, 1, 1), std::nullopt, &*calendar_);
    auto in_text = read_deadline_in_text(text, ymd(2019, 1, 1), std::nullopt, &*calendar_);
    ASSERT_TRUE(bare && in_text) << text;
    EXPECT_EQ(in_text->deadline.normalized, bare->normalized) << text;
    EXPECT_EQ(in_text->deadline.due_on, bare->due_on) << text;
  }
}

}  // namespace
}  // namespace taizhang
