// Amounts typed in 元 read into fen by their digits.
#include <gtest/gtest.h>

#include "engine/base/amount.h"

namespace taizhang {
namespace {

TEST(ParseYuan, ReadsWholeYuanAndUpToTwoDecimalsExactly) {
  EXPECT_EQ(parse_yuan("35000", "amount_yuan"), 3500000);
  EXPECT_EQ(parse_yuan("35000.5", "amount_yuan"), 3500050);
  EXPECT_EQ(parse_yuan("0.05", "amount_yuan"), 5);
  EXPECT_EQ(parse_yuan("0.01", "amount_yuan"), kMinAmountFen);
  // Not exactly representable as binary floating point; exact here.
  EXPECT_EQ(parse_yuan("1234567.89", "amount_yuan"), 123456789);
  EXPECT_EQ(parse_yuan("0.29", "amount_yuan"), 29);
  EXPECT_EQ(parse_yuan("100000000000", "amount_yuan"), kMaxAmountFen);
  EXPECT_EQ(parse_yuan("000100000000000.00", "amount_yuan"), kMaxAmountFen);
}

TEST(ParseYuan, RefusesEveryOtherFormNamingTheField) {
  for (const char* bad : {"", " ", "1.005", "-1", "+1", "1e3", "¥1,000", "1,000", "1.", ".5",
                          " 1", "1 ", "0", "0.00", "1.2.3", "１００", "100000000000.01",
                          "999999999999999999999999", "0x10", "NaN"}) {
    auto r = parse_yuan(bad, "amount_yuan");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field) << bad;
    EXPECT_EQ(r.error().field, "amount_yuan") << bad;
    EXPECT_NE(r.error().message.find("金额须为元"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace taizhang
