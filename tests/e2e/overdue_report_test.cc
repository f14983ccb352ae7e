// `taizhang overdue`, the morning report, on the demo database: which items are due soon,
// overdue and escalated as the clock moves, the three formats (an aligned table grouped by
// village, JSON, and a CSV that Excel opens with the Chinese intact and without running
// formulas), and bad arguments.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

// The demo items (cli/demo_data.cc) this test leans on, all created by 镇项目负责人 on 2019-03-15.
const std::string kSurvey = "摸底排查：逐户核查“八有一超”缺项";      // 泗顶镇, due 2019-03-20
const std::string kRectify = "督查发现：上洞村贫困户帮扶手册登记不全";  // 上洞村, due 2019-04-30
const std::string kHousing = "吉照村危房改造（2019年第1批）";          // 吉照村, due 2019-07-31

CommandResult overdue(const std::string& db, const std::string& now,
                      std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"overdue", "--db", db, "--now", now};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_taizhang(args);
}

nlohmann::json report_json(const std::string& db, const std::string& now,
                           std::vector<std::string> extra = {}) {
  extra.insert(extra.end(), {"--format", "json"});
  auto r = overdue(db, now, extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_array()) << r.out;
  return j.is_array() ? j : nlohmann::json::array();
}

const nlohmann::json* row_titled(const nlohmann::json& rows, const std::string& title) {
  for (const auto& row : rows) {
    if (row.value("title", "") == title) return &row;
  }
  return nullptr;
}

std::vector<std::string> split(const std::string& text, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + sep.size()) {
    out.push_back(text.substr(start, at - start));
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// Terminal columns up to byte offset `end` of a UTF-8 line (CJK counts 2), as the table counts.
int columns_before(const std::string& line, size_t end) {
  int width = 0;
  for (size_t i = 0; i < end;) {
    const auto b = static_cast<unsigned char>(line[i]);
    const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (line[i + k] & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
    i += len;
  }
  return width;
}

TEST(OverdueReport, LevelsAndDaysFollowTheClock) {
  DemoEnv env({}, /*start_server=*/false);

  // 2019-04-25: the survey is 36 days late (escalated), the rectification due in 5 days.
  auto rows = report_json(env.db(), "2019-04-25T09:00:00+08:00");
  ASSERT_EQ(rows.size(), 2u) << rows.dump(2);
  const auto* survey = row_titled(rows, kSurvey);
  const auto* rectify = row_titled(rows, kRectify);
  ASSERT_TRUE(survey && rectify) << rows.dump(2);
  EXPECT_EQ((*survey)["days_overdue"], 36);
  EXPECT_EQ((*survey)["level"], "escalated");
  EXPECT_EQ((*survey)["level_name"], "逾期升级");
  EXPECT_EQ((*survey)["due_on"], "2019-03-20");
  EXPECT_EQ((*survey)["org"], "泗顶镇");
  EXPECT_EQ((*survey)["stage"], "not_started");
  EXPECT_EQ((*survey)["stage_name"], "未启动");
  EXPECT_EQ((*survey)["responsible"], "镇项目负责人");
  EXPECT_EQ((*rectify)["days_overdue"], -5);
  EXPECT_EQ((*rectify)["level"], "due_soon");
  EXPECT_EQ((*rectify)["level_name"], "即将到期");
  EXPECT_EQ((*rectify)["org"], "上洞村");
  EXPECT_EQ((*rectify)["stage_name"], "问题登记");
  // Township first (organisation-tree order), then the villages.
  EXPECT_EQ(rows[0]["title"], kSurvey);

  // The policy is the caller's: escalation after 40 days leaves it merely overdue; a 3-day
  // window drops the rectification.
  rows = report_json(env.db(), "2019-04-25T09:00:00+08:00",
                     {"--escalate-after-days", "40", "--due-soon-days", "3"});
  ASSERT_EQ(rows.size(), 1u) << rows.dump(2);
  EXPECT_EQ(rows[0]["title"], kSurvey);
  EXPECT_EQ(rows[0]["level"], "overdue");

  // The boundaries: due today is due soon (0 days); 14 days late overdue, 15 escalated.
  rows = report_json(env.db(), "2019-03-20T23:59:00+08:00");
  ASSERT_TRUE(row_titled(rows, kSurvey)) << rows.dump(2);
  EXPECT_EQ((*row_titled(rows, kSurvey))["days_overdue"], 0);
  EXPECT_EQ((*row_titled(rows, kSurvey))["level"], "due_soon");
  rows = report_json(env.db(), "2019-04-03T09:00:00+08:00");
  EXPECT_EQ((*row_titled(rows, kSurvey))["days_overdue"], 14);
  EXPECT_EQ((*row_titled(rows, kSurvey))["level"], "overdue");
  rows = report_json(env.db(), "2019-04-04T09:00:00+08:00");
  EXPECT_EQ((*row_titled(rows, kSurvey))["days_overdue"], 15);
  EXPECT_EQ((*row_titled(rows, kSurvey))["level"], "escalated");
  // The instant is read in Asia/Shanghai: 16:30 UTC on the 3rd is already the 4th there.
  rows = report_json(env.db(), "2019-04-03T16:30:00Z");
  EXPECT_EQ((*row_titled(rows, kSurvey))["days_overdue"], 15);

  // Late July: the housing repair joins, in its village, and nothing is left out.
  rows = report_json(env.db(), "2019-07-28T09:00:00+08:00");
  ASSERT_TRUE(row_titled(rows, kHousing)) << rows.dump(2);
  EXPECT_EQ((*row_titled(rows, kHousing))["days_overdue"], -3);
  EXPECT_EQ((*row_titled(rows, kHousing))["org"], "吉照村");
  EXPECT_EQ((*row_titled(rows, kHousing))["stage_name"], "农户申请");
}

TEST(OverdueReport, TableIsGroupedByVillageAndAligned) {
  DemoEnv env({}, /*start_server=*/false);
  auto r = overdue(env.db(), "2019-07-28T09:00:00+08:00");  // table is the default
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  EXPECT_NE(t.find("2019-07-28"), std::string::npos) << t;
  // Group headers in organisation order: the township, then 吉照村, then 上洞村.
  const size_t township = t.find("【泗顶镇】");
  const size_t jizhao = t.find("【吉照村】");
  const size_t shangdong = t.find("【上洞村】");
  ASSERT_NE(township, std::string::npos) << t;
  ASSERT_NE(jizhao, std::string::npos) << t;
  ASSERT_NE(shangdong, std::string::npos) << t;
  EXPECT_LT(township, jizhao);
  EXPECT_LT(jizhao, shangdong);
  EXPECT_NE(t.find("逾期升级"), std::string::npos);
  EXPECT_NE(t.find("即将到期"), std::string::npos);
  EXPECT_NE(t.find("镇项目负责人"), std::string::npos);
  EXPECT_NE(t.find("到期日"), std::string::npos);
  // The due-date column starts at the same terminal column on the heading and on every row,
  // although the titles before it are Chinese (two columns a character).
  int column = -1, lines_checked = 0;
  for (const auto& line : split(t, "\n")) {
    size_t at = line.find("到期日");
    if (at == std::string::npos) at = line.find("2019-");
    if (at == std::string::npos || line.rfind("逾期预警日报", 0) == 0) continue;
    const int here = columns_before(line, at);
    if (column < 0) column = here;
    EXPECT_EQ(here, column) << "misaligned: " << line << "\n" << t;
    ++lines_checked;
  }
  EXPECT_GE(lines_checked, 4) << t;  // the heading and at least three rows

  // An empty report says so, and still exits 0.
  auto empty = overdue(env.db(), "2019-01-01T09:00:00+08:00");
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("没有即将到期或逾期"), std::string::npos) << empty.out;
  auto empty_json = report_json(env.db(), "2019-01-01T09:00:00+08:00");
  EXPECT_TRUE(empty_json.empty());
}

TEST(OverdueReport, CsvOpensInExcelWithChineseIntact) {
  DemoEnv env({}, /*start_server=*/false);
  auto r = overdue(env.db(), "2019-04-25T09:00:00+08:00", {"--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.rfind("\xEF\xBB\xBF", 0), 0u) << "no UTF-8 BOM";
  auto lines = split(r.out.substr(3), "\r\n");
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0].rfind("单位,编号,事项,阶段,到期日,", 0), 0u) << lines[0];
  EXPECT_EQ(r.out.find('\n'), r.out.find("\r\n") + 1) << "line ends are CRLF";
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "\r\n");
  // The survey (township, 36 days late) before the rectification (上洞村, 5 days left). The
  // negative day count is a number, not a neutralised formula.
  EXPECT_NE(lines[1].find(kSurvey), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",2019-03-20,36,逾期升级,镇项目负责人"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].rfind("上洞村,", 0), 0u) << lines[2];
  EXPECT_NE(lines[2].find(",2019-04-30,-5,即将到期,"), std::string::npos) << lines[2];
}

TEST(OverdueReport, CsvNeutralisesFormulas) {
  DemoEnv env;  // with a server: the items come in through the API
  Api manager = env.township_manager();
  const std::vector<std::string> titles = {"=HYPERLINK(\"http://evil.example\",\"点此\")",
                                           "+1+2", "-2+3,\"x\"", "@SUM(A1:A9)"};
  for (const auto& title : titles) {
    auto created = manager.post_json("/api/v1/items", {{"workflow", "rectification"},
                                                       {"title", title},
                                                       {"org", "吉照村"},
                                                       {"plan_year", 2019},
                                                       {"due_on", "2019-03-18"}});
    ASSERT_EQ(created.status, 201) << created.body;
  }
  env.stop_server();
  auto r = overdue(env.db(), kDemoNow, {"--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点此\"\")\","),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(",'+1+2,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",\"'-2+3,\"\"x\"\"\","), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",'@SUM(A1:A9),"), std::string::npos) << r.out;
  for (const auto& line : split(r.out, "\r\n")) {
    for (const auto& title : titles) {
      EXPECT_EQ(line.find("," + title), std::string::npos) << "raw formula in: " << line;
    }
  }
  // JSON keeps the titles as they are: it is data, not a spreadsheet.
  auto rows = report_json(env.db(), kDemoNow);
  for (const auto& title : titles) {
    ASSERT_TRUE(row_titled(rows, title)) << title << "\n" << rows.dump(2);
    EXPECT_EQ((*row_titled(rows, title))["days_overdue"], -3);
    EXPECT_EQ((*row_titled(rows, title))["org"], "吉照村");
  }
}

TEST(OverdueReport, BadArgumentsExit2) {
  DemoEnv env({}, /*start_server=*/false);
  auto format = overdue(env.db(), kDemoNow, {"--format", "xlsx"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
  EXPECT_TRUE(format.out.empty()) << format.out;
  auto now = overdue(env.db(), "yesterday");
  EXPECT_EQ(now.exit_code, 2);
  EXPECT_NE(now.err.find("--now"), std::string::npos) << now.err;
  for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
           {"--due-soon-days", "-1"}, {"--due-soon-days", "7x"},
           {"--escalate-after-days", "0"}}) {
    auto bad = overdue(env.db(), kDemoNow, {flag, value});
    EXPECT_EQ(bad.exit_code, 2) << flag << " " << value;
    EXPECT_NE(bad.err.find(flag), std::string::npos) << bad.err;
  }
  // A missing database is an error, not a new empty one.
  const std::string missing = env.dir().file("nothing.db");
  auto none = overdue(missing, kDemoNow);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no database"), std::string::npos) << none.err;
  EXPECT_FALSE(std::filesystem::exists(missing));
}

}  // namespace
}  // namespace e2e
