// Amounts typed in 元 become fen by their digits, never through a float; fen print back exactly.
#include <gtest/gtest.h>

#include "engine/import/yuan_text.h"
#include "engine/progress/import_commands.h"
#include "engine/report/sheet.h"

namespace taizhang {
namespace {

TEST(YuanText, ReadsWhatOfficesType) {
  EXPECT_EQ(parse_sheet_yuan("35000", "金额").value(), 3'500'000);
  EXPECT_EQ(parse_sheet_yuan("35,000.00", "金额").value(), 3'500'000);
  EXPECT_EQ(parse_sheet_yuan(" ¥1,234.5 ", "金额").value(), 123'450);
  EXPECT_EQ(parse_sheet_yuan("￥0.1", "金额").value(), 10);
  EXPECT_EQ(parse_sheet_yuan("0.07", "金额").value(), 7);
  EXPECT_EQ(parse_sheet_yuan("100000000000", "金额").value(), 10'000'000'000'000);  // the ceiling
}

TEST(YuanText, RefusesWhatCannotBeExact) {
  for (const char* bad : {"1.005", "", "  ", "-5", "+5", "1e3", "1.", "12,34", "1,2345", "abc",
                          "100000000000.01", "999999999999", "1.2.3", "NaN"}) {
    auto r = parse_sheet_yuan(bad, "金额");
    EXPECT_FALSE(r) << "accepted \"" << bad << "\"";
    if (!r) {
      EXPECT_EQ(r.error().field, "金额");
    }
  }
  EXPECT_NE(parse_sheet_yuan("1.005", "金额").error().message.find("小数超过两位"), std::string::npos);
}

TEST(MoneyText, PrintsFenExactlyInYuanAndRoundsWanToWholeYuan) {
  EXPECT_EQ(money_text(123'456'78, MoneyUnit::yuan), "123456.78");
  EXPECT_EQ(money_text(5, MoneyUnit::yuan), "0.05");
  EXPECT_EQ(money_text(-1'000'050, MoneyUnit::yuan), "-10000.50");
  EXPECT_EQ(money_text(123'456'78, MoneyUnit::wan), "12.3457");
  EXPECT_EQ(money_text(49, MoneyUnit::wan), "0.0000");
  EXPECT_EQ(money_text(-49, MoneyUnit::wan), "0.0000");
  EXPECT_EQ(money_text(50, MoneyUnit::wan), "0.0001");
}

TEST(MoneyText, ProgressIsRoundedBasisPoints) {
  EXPECT_EQ(progress_bp(1, 3), 3333);
  EXPECT_EQ(progress_bp(2, 3), 6667);
  EXPECT_EQ(progress_bp(5, 0), 0);
  EXPECT_EQ(progress_bp(10'000'000'000'000, 10'000'000'000'000), 10000);
  EXPECT_EQ(percent_text(2583), "25.83%");
}

TEST(SheetDates, ReadsTheWaysOfficesWriteDates) {
  EXPECT_EQ(parse_sheet_date("2019-07-31").value_or(""), "2019-07-31");
  EXPECT_EQ(parse_sheet_date("2019/7/31").value_or(""), "2019-07-31");
  EXPECT_EQ(parse_sheet_date("2019.7.3").value_or(""), "2019-07-03");
  EXPECT_EQ(parse_sheet_date("2019年7月31日").value_or(""), "2019-07-31");
  EXPECT_EQ(parse_sheet_date("43677").value_or(""), "2019-07-31");  // Excel's serial
  for (const char* bad : {"2019-02-30", "7月31日", "2019-7", "20190731", "1999-01-01", "x"}) {
    EXPECT_FALSE(parse_sheet_date(bad)) << bad;
  }
}

}  // namespace
}  // namespace taizhang
