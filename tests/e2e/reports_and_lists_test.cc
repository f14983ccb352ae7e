// What supervisors and managers read beyond one item: the 督查看板 overview, the morning report
// as JSON, and the item list's title search, due range, due-date order and CSV — each within
// the caller's scope, each refusing a bad parameter by naming it.
#include <gtest/gtest.h>

#include <set>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

class ReportsAndLists : public ::testing::Test {
 protected:
  void SetUp() override { env_ = std::make_unique<DemoEnv>(); }
  std::unique_ptr<DemoEnv> env_;
};

const nlohmann::json* unit_named(const nlohmann::json& overview, const std::string& name) {
  for (const auto& v : overview["villages"]) {
    if (v["name"] == name) return &v;
  }
  return nullptr;
}

TEST_F(ReportsAndLists, OverviewCountsEachUnitAsOfTheDayAsked) {
  // The demo: 上洞村's rectification due 2019-04-30, 泗顶镇's plan task due 2019-03-20.
  auto r = env_->supervisor().get("/api/v1/overview?as_of=2019-05-01");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto o = r.json();
  EXPECT_EQ(o["as_of"], "2019-05-01");
  const auto* shangdong = unit_named(o, "上洞村");
  ASSERT_NE(shangdong, nullptr);
  EXPECT_EQ((*shangdong)["total"], 1);
  EXPECT_EQ((*shangdong)["overdue"], 1);
  EXPECT_EQ((*shangdong)["closed"], 0);
  EXPECT_EQ((*shangdong)["by_stage"]["rectification"].size(), 1u);
  EXPECT_EQ((*shangdong)["figures"]["poor_people_2019"], 55);
  const auto* jizhao = unit_named(o, "吉照村");
  ASSERT_NE(jizhao, nullptr);
  EXPECT_EQ((*jizhao)["overdue"], 0);
  EXPECT_EQ((*jizhao)["figures"]["incidence"], "2.58%");
  EXPECT_EQ(o["overdue_by_workflow"]["rectification"], 1);
  EXPECT_EQ(o["overdue_by_workflow"]["road"], 0);
  // A week before 上洞村's date the item is due soon, not overdue.
  auto earlier = env_->supervisor().get("/api/v1/overview?as_of=2019-04-25").json();
  EXPECT_EQ((*unit_named(earlier, "上洞村"))["overdue"], 0);
  EXPECT_EQ((*unit_named(earlier, "上洞村"))["due_soon"], 1);
}

TEST_F(ReportsAndLists, ScopedUserSeesOnlyTheirOwnUnits) {
  auto o = env_->village_manager().get("/api/v1/overview?as_of=2019-05-01").json();
  ASSERT_EQ(o["villages"].size(), 1u);
  EXPECT_EQ(o["villages"][0]["name"], "吉照村");
  EXPECT_EQ(o["overdue_by_workflow"]["rectification"], 0);  // 上洞村's is not counted
  auto report = env_->village_manager().get("/api/v1/reports/overdue?as_of=2019-09-01");
  ASSERT_EQ(report.status, 200) << report.body;
  const auto rows = report.json()["rows"];
  for (const auto& row : rows) EXPECT_EQ(row["org"], "吉照村") << row.dump();
  auto whole = env_->supervisor().get("/api/v1/reports/overdue?as_of=2019-09-01").json();
  std::set<std::string> orgs;
  for (const auto& row : whole["rows"]) orgs.insert(row["org"].get<std::string>());
  EXPECT_TRUE(orgs.contains("上洞村"));
  EXPECT_TRUE(orgs.contains("吉照村"));
  for (const auto& row : whole["rows"]) {
    EXPECT_TRUE(row.contains("workflow"));
    EXPECT_TRUE(row.contains("days_overdue"));
  }
}

TEST_F(ReportsAndLists, BadDatesAreRefusedByName) {
  for (const char* path : {"/api/v1/overview", "/api/v1/reports/overdue"}) {
    for (const char* bad : {"0000-01-01", "2019-02-30", "yesterday", ""}) {
      SCOPED_TRACE(std::string(path) + " " + bad);
      EXPECT_TRUE(IsInvalidField(env_->supervisor().get(std::string(path) + "?as_of=" + bad),
                                 "as_of"));
    }
  }
  Api m = env_->township_manager();
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?due_from=2019-13-01"), "due_from"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?due_from=2019-09-01&due_to=2019-01-01"),
                             "due_from"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?sort=title"), "sort"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?format=xlsx"), "format"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?responsible=someone"), "responsible"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?q=%20%20"), "q"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?sort=due_on&cursor=a5"), "cursor"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?cursor=d2019-07-31a"), "cursor"));
  EXPECT_TRUE(IsInvalidField(m.get("/api/v1/items?cursor=d2019-99-31a"), "cursor"));
}

TEST_F(ReportsAndLists, TitleSearchAndDueRangeFilterTheList) {
  Api m = env_->township_manager();
  auto found = m.get("/api/v1/items?q=" + url_encode("危房")).json()["items"];
  ASSERT_EQ(found.size(), 2u);  // the housing repair and the 危房改造补助 disbursement
  for (const auto& i : found) {
    EXPECT_NE(i["title"].get<std::string>().find("危房"), std::string::npos);
  }
  // % is matched as itself, not as a wildcard.
  EXPECT_TRUE(m.get("/api/v1/items?q=%25").json()["items"].empty());
  auto ranged = m.get("/api/v1/items?due_from=2019-09-01&due_to=2019-09-30").json()["items"];
  ASSERT_EQ(ranged.size(), 2u);
  for (const auto& i : ranged) EXPECT_EQ(i["due_on"], "2019-09-30");
}

TEST_F(ReportsAndLists, SortedByDueDatePagesWithoutLosingOrRepeatingAnItem) {
  Api m = env_->township_manager();
  const size_t all = m.get("/api/v1/items?limit=200").json()["items"].size();
  std::vector<std::string> dues;
  std::set<int64_t> seen;
  std::string cursor;
  for (int pages = 0; pages < 50; ++pages) {
    auto page = m.get("/api/v1/items?sort=due_on&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.body;
    const auto body = page.json();
    for (const auto& i : body["items"]) {
      EXPECT_TRUE(seen.insert(i["id"].get<int64_t>()).second) << "repeated " << i.dump();
      dues.push_back(i["due_on"].is_null() ? "9999-12-31" : i["due_on"].get<std::string>());
    }
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), all);
  EXPECT_TRUE(std::is_sorted(dues.begin(), dues.end()));
}

TEST_F(ReportsAndLists, CsvIsTheWholeListForExcel) {
  Api admin = env_->village_manager();
  auto made = env_->create_item(admin, "plan_task", "=HYPERLINK(\"http://x\",\"点我\")", "吉照村");
  ASSERT_TRUE(made.is_object());
  auto csv = env_->township_manager().get("/api/v1/items?format=csv&limit=1");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_NE(csv.header("content-disposition").value_or("").find("attachment"), std::string::npos);
  ASSERT_GE(csv.body.size(), 3u);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("编号,事项名称,类别,单位,当前环节,截止日期"), std::string::npos);
  // Every item, not one page; money in 元; a formula stays text.
  const size_t items = env_->township_manager().get("/api/v1/items?limit=200").json()["items"].size();
  size_t lines = 0;
  for (size_t at = csv.body.find("\r\n"); at != std::string::npos; at = csv.body.find("\r\n", at + 2)) ++lines;
  EXPECT_EQ(lines, items + 1);
  EXPECT_NE(csv.body.find("\"35,000.00\""), std::string::npos);
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""), std::string::npos) << csv.body;
  // A scoped user's CSV holds only their units.
  auto theirs = env_->village_manager().get("/api/v1/items?format=csv").body;
  EXPECT_EQ(theirs.find("马田村"), std::string::npos);
}

}  // namespace
}  // namespace e2e
