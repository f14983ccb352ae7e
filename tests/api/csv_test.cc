// CSV cells a spreadsheet would run as a formula are neutralised with a leading apostrophe,
// whatever character Excel would take for the start of one.
#include <gtest/gtest.h>

#include "api/csv.h"

namespace taizhang::api {
namespace {

TEST(Csv, FormulaStartersGetAnApostrophe) {
  EXPECT_EQ(csv_cell("=1+1"), "'=1+1");
  EXPECT_EQ(csv_cell("+86 138"), "'+86 138");
  EXPECT_EQ(csv_cell("-2"), "'-2");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("\t=1"), "'\t=1");
}

// Excel skips leading blanks and line breaks before it looks for a formula, and folds the
// full-width ＝＋－＠ a Chinese input method types to their ASCII forms.
TEST(Csv, SpaceLineBreaksAndFullWidthStartersAreNeutralisedToo) {
  EXPECT_EQ(csv_cell(" =HYPERLINK(\"x\")"), "\"' =HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("\n=1+1"), "\"'\n=1+1\"");
  EXPECT_EQ(csv_cell("\r=1+1"), "\"'\r=1+1\"");
  EXPECT_EQ(csv_cell("＝1+1"), "'＝1+1");
  EXPECT_EQ(csv_cell("＋1"), "'＋1");
  EXPECT_EQ(csv_cell("－1"), "'－1");
  EXPECT_EQ(csv_cell("＠A1"), "'＠A1");
}

TEST(Csv, OrdinaryCellsStayAsTheyAre) {
  EXPECT_EQ(csv_cell("吉照村危房改造"), "吉照村危房改造");
  EXPECT_EQ(csv_cell("2019-07-31"), "2019-07-31");
  EXPECT_EQ(csv_cell("a=b"), "a=b");
  EXPECT_EQ(csv_cell("（第2批）"), "（第2批）");  // full-width but no formula starter
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("甲,乙"), "\"甲,乙\"");
  EXPECT_EQ(csv_row({"1", "=x"}), "1,'=x\r\n");
}

}  // namespace
}  // namespace taizhang::api
