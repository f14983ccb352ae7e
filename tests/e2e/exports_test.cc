// The 台账 exports over HTTP and from the command line: the workbook read back by openpyxl (a
// reader that is not the writer) against the API's own totals, scope, as-of days and the audit
// head, and the CSV twin.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "checks.h"
#include "harness.h"
#include "ledger_support.h"

namespace e2e {
namespace {

using json = nlohmann::json;
using ledger::Headers;

constexpr const char* kLater = "2019-03-20T09:00:00+08:00";

// Runs a command, returning its exit status and what it printed.
std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) return {-1, "popen failed"};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// A demo database whose server runs five days after the demo was made, with money allocated to
// two villages' items and some of it paid out.
class Exports : public ::testing::Test {
 protected:
  void SetUp() override {
    env = std::make_unique<DemoEnv>(std::vector<std::string>{}, false);
    env->start_server({}, std::string(kLater));
    const int64_t fund = ledger::make_fund(*env, 500'000'00);
    const int64_t house = ledger::make_item(*env, "吉照村", "吉照村危房改造（台账导出）");
    const int64_t road = ledger::make_item(*env, "上洞村", "上洞村通屯道路（台账导出）");
    for (auto [item, amount] : {std::pair{house, int64_t{3'500'000}}, std::pair{road, int64_t{12'345'678}}}) {
      auto r = env->finance().post_json(ledger::allocations_path(item),
                                        {{"fund_id", fund}, {"amount_fen", amount}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
    auto paid = env->finance().post_json(ledger::disbursements_path(house),
                                         ledger::disbursement_body(1'000'050),
                                         ledger::key_header("export-pay-1"));
    ASSERT_EQ(paid.status, 201) << paid.body;
  }

  // Per unit name: allocated and disbursed over the unit's items, from each item's ledger as the
  // API shows it; only units with a project item or money (what the 台账 lists).
  json api_totals() {
    json villages = json::object();
    auto list = env->supervisor().get("/api/v1/items?limit=200").json();
    for (const auto& item : list["items"]) {
      auto l = env->supervisor().get(ledger::ledger_path(item["id"].get<int64_t>())).json();
      const int64_t allocated = l["allocated_fen"].get<int64_t>();
      const std::string wf = item["workflow"].get<std::string>();
      if (wf == "plan_task" || wf == "rectification") {
        if (allocated == 0) continue;
      }
      const std::string unit = item["org"]["name"].get<std::string>();
      json& v = villages[unit];
      if (v.is_null()) v = {{"allocated_fen", 0}, {"disbursed_fen", 0}};
      v["allocated_fen"] = v["allocated_fen"].get<int64_t>() + allocated;
      v["disbursed_fen"] = v["disbursed_fen"].get<int64_t>() + l["disbursed_fen"].get<int64_t>();
    }
    int64_t allocated = 0, disbursed = 0;
    const json funds = env->supervisor().get("/api/v1/funds?limit=200").json();
    for (const auto& f : funds["funds"]) {
      allocated += f["allocated_fen"].get<int64_t>();
      disbursed += f["disbursed_fen"].get<int64_t>();
    }
    return {{"villages", villages},
            {"total", {{"allocated_fen", allocated}, {"disbursed_fen", disbursed}}}};
  }

  std::unique_ptr<DemoEnv> env;
};

TEST_F(Exports, TheLedgerWorkbookReadsBackWithTheApisTotals) {
  auto r = env->supervisor().get("/api/v1/exports/ledger?format=xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(r.header("content-disposition").value_or("").find("filename*=UTF-8''"), std::string::npos);
  const std::string seq = r.header("x-audit-seq").value_or("");
  ASSERT_FALSE(seq.empty());
  EXPECT_EQ(std::stoll(seq), env->audit_seq());
  EXPECT_EQ(r.header("x-audit-hash").value_or("").size(), 64u);

  const std::string book = env->dir().file("ledger.xlsx");
  write_file(book, r.body);
  json expected = api_totals();
  ASSERT_TRUE(expected["villages"].contains("吉照村")) << expected.dump();
  ASSERT_TRUE(expected["villages"].contains("上洞村")) << expected.dump();
  expected["title"] = "泗顶镇2019年扶贫项目资金台账";
  expected["audit_seq"] = std::stoll(seq);
  const std::string expected_file = env->dir().file("expected.json");
  write_file(expected_file, expected.dump());
  auto [status, out] = shell("/usr/bin/python3 " + std::string(TAIZHANG_SOURCE_DIR) +
                             "/tests/spreadsheets/check_ledger_xlsx.py " + book + " " + expected_file);
  EXPECT_EQ(status, 0) << out;
}

TEST_F(Exports, TheCsvTwinCarriesTheSameFiguresForExcel) {
  auto r = env->supervisor().get("/api/v1/exports/ledger?format=csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type").value_or(""), "text/csv; charset=utf-8");
  ASSERT_TRUE(r.body.starts_with("\xEF\xBB\xBF泗顶镇2019年扶贫项目资金台账")) << r.body.substr(0, 80);
  EXPECT_NE(r.body.find("\r\n"), std::string::npos);
  EXPECT_NE(r.body.find(",资金来源,资金来源,"), std::string::npos);  // the group over its columns
  EXPECT_NE(r.body.find(",中央,自治区,市,县,粤桂协作,统筹整合,社会帮扶,文号,"), std::string::npos);
  EXPECT_NE(r.body.find("吉照村小计"), std::string::npos);
  // 35,000.00 allocated and 10,000.50 paid to 吉照村's new item: exact decimals from fen.
  EXPECT_NE(r.body.find("35000.00"), std::string::npos);
  EXPECT_NE(r.body.find("10000.50"), std::string::npos);
  EXPECT_NE(r.body.find("123456.78"), std::string::npos);
  auto wan = env->supervisor().get("/api/v1/exports/ledger?format=csv&unit=wan");
  ASSERT_EQ(wan.status, 200);
  EXPECT_NE(wan.body.find("单位：万元"), std::string::npos);
  EXPECT_NE(wan.body.find("12.3457"), std::string::npos);  // 123,456.78 元 in 万元, four decimals
}

TEST_F(Exports, AVillageManagerExportsOnlyTheirVillage) {
  auto mine = env->village_manager().get("/api/v1/exports/ledger?format=csv");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("吉照村危房改造（台账导出）"), std::string::npos);
  EXPECT_EQ(mine.body.find("上洞村"), std::string::npos) << "another village leaked";
  EXPECT_NE(mine.body.find("填报单位：吉照村"), std::string::npos);
  auto other = env->village_manager().get("/api/v1/exports/ledger?format=csv&org=" + url_encode("上洞村"));
  EXPECT_TRUE(IsProblem(other, 404, "not_found"));
  auto journal = env->village_manager().get("/api/v1/exports/journal?format=csv");
  ASSERT_EQ(journal.status, 200);
  EXPECT_EQ(journal.body.find("上洞村"), std::string::npos);
}

TEST_F(Exports, APastDayGivesTheSameCellsWhateverHappenedSince) {
  // The demo was made on 2019-03-15; this test's money moved on 2019-03-20.
  auto before = env->supervisor().get("/api/v1/exports/spending?format=csv&as_of=2019-03-15");
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(before.body.find("10000.50"), std::string::npos) << "a later payment leaked into a past day";
  const std::string seq = before.header("x-audit-seq").value_or("");
  auto r = env->finance().post_json("/api/v1/funds", ledger::fund_body(100));
  ASSERT_EQ(r.status, 201);
  auto again = env->supervisor().get("/api/v1/exports/spending?format=csv&as_of=2019-03-15");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.header("x-audit-seq").value_or(""), seq);
  EXPECT_EQ(again.body, before.body);
  auto now = env->supervisor().get("/api/v1/exports/spending?format=csv&as_of=2019-03");
  EXPECT_TRUE(IsProblem(now, 400, "invalid_field")) << "March is not over on 2019-03-20";
  auto today = env->supervisor().get("/api/v1/exports/spending?format=csv");
  ASSERT_EQ(today.status, 200);
  EXPECT_NE(today.body.find("10000.50"), std::string::npos);
  EXPECT_NE(today.body.find("截至日期：2019年3月20日"), std::string::npos);
}

TEST_F(Exports, EveryReportExportsInBothFormats) {
  for (const char* kind : {"ledger", "spending", "plan", "overdue", "journal"}) {
    for (const char* format : {"xlsx", "csv"}) {
      auto r = env->supervisor().get(std::string("/api/v1/exports/") + kind + "?format=" + format);
      EXPECT_EQ(r.status, 200) << kind << " " << format << ": " << r.body.substr(0, 300);
      EXPECT_GT(r.body.size(), 100u) << kind << " " << format;
    }
  }
  auto journal = env->supervisor().get("/api/v1/exports/journal?format=csv");
  EXPECT_NE(journal.body.find("资金拨付"), std::string::npos);
  EXPECT_NE(journal.body.find("吉照村危改施工队"), std::string::npos);
  EXPECT_EQ(journal.body.find("6222021234567890123"), std::string::npos) << "a payee account printed";
}

TEST_F(Exports, BadRequestsAreRefusedAndNamed) {
  EXPECT_TRUE(IsProblem(env->supervisor().get("/api/v1/exports/budget"), 404, "not_found"));
  EXPECT_TRUE(IsInvalidField(env->supervisor().get("/api/v1/exports/ledger?format=pdf"), "format"));
  EXPECT_TRUE(IsInvalidField(env->supervisor().get("/api/v1/exports/ledger?unit=jin"), "unit"));
  EXPECT_TRUE(IsInvalidField(env->supervisor().get("/api/v1/exports/ledger?as_of=2019-02-30"), "as_of"));
  EXPECT_TRUE(IsInvalidField(env->supervisor().get("/api/v1/exports/ledger?as_of=2019-04-01"), "as_of"));
  EXPECT_TRUE(IsProblem(env->anonymous().get("/api/v1/exports/ledger"), 401, "unauthenticated"));
}

TEST_F(Exports, TheCommandLineWritesTheMonthlySpendingReport) {
  const std::string out = env->dir().file("spending.csv");
  auto r = run_taizhang({"export", "spending", "--db", env->db(), "--as-of", "2019-03", "--format",
                         "csv", "--out", out, "--now", "2019-04-02T08:00:00+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = read_file(out);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(csv.find("截至日期：2019年3月底"), std::string::npos);
  EXPECT_NE(csv.find("一、分资金"), std::string::npos);
  EXPECT_NE(csv.find("二、分村"), std::string::npos);
  EXPECT_NE(csv.find("10000.50"), std::string::npos);
  const std::string book = env->dir().file("ledger.xlsx");
  auto x = run_taizhang({"export", "ledger", "--db", env->db(), "--org", "吉照村", "--out", book});
  ASSERT_EQ(x.exit_code, 0) << x.err;
  EXPECT_TRUE(read_file(book).starts_with("PK"));
  auto bad = run_taizhang({"export", "ledgers", "--db", env->db(), "--out", book});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("ledger, spending, plan, overdue, journal"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace e2e
