// Importing an office's spreadsheets: a GBK CSV with Chinese headers, an XLSX, re-import creating
// nothing new, and every bad input the issue names — reported per row and column, nothing
// created.
#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdio>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

using json = nlohmann::json;

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  const size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  EXPECT_NE(r, static_cast<size_t>(-1)) << "not GBK-encodable";
  out.resize(out.size() - out_left);
  return out;
}

// The numbers that must not move when an import is refused: items, funds, the audit head.
struct Counts {
  std::string items, funds, audit;
  bool operator==(const Counts&) const = default;
};
Counts counts(const DemoEnv& env) {
  return {query_sql(env.db(), "SELECT count(*) FROM items"),
          query_sql(env.db(), "SELECT count(*) FROM funds"),
          query_sql(env.db(), "SELECT max(seq) FROM audit_log")};
}

CommandResult import(const DemoEnv& env, const std::string& kind, const std::string& file,
                     const std::string& as, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"import", kind, file, "--db", env.db(), "--as", as};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_taizhang(args);
}

class Imports : public ::testing::Test {
 protected:
  Imports() : env(std::vector<std::string>{}, false) {}
  DemoEnv env;
};

TEST_F(Imports, AGbkCsvWithChineseHeadersImportsOnceAndOnlyOnce) {
  const std::string csv =
      "泗顶镇2019年项目库\r\n"
      "项目编号,村,项目名称,项目类别,年度,计划投资（元）,户主姓名,备注,联系电话\r\n"
      "XM-001,吉照村,吉照村危房改造（导入）,农村危房改造,2019,\"35,000.00\",韦某某,第一批,13800000000\r\n"
      ",上洞村,上洞村通屯道路（导入）,通屯道路,2019,123456.7,,,\r\n";
  const std::string file = env.dir().file("项目.csv");
  write_file(file, to_gbk(csv));
  const Counts before = counts(env);

  auto preview = import(env, "items", file, "镇项目负责人", {"--dry-run"});
  EXPECT_EQ(preview.exit_code, 0) << preview.out << preview.err;
  EXPECT_NE(preview.out.find("未匹配的列（不读取）：“联系电话”"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("第3行  将新建"), std::string::npos) << preview.out;
  EXPECT_EQ(counts(env), before) << "a dry run created something";

  auto done = import(env, "items", file, "镇项目负责人", {"--format", "json"});
  ASSERT_EQ(done.exit_code, 0) << done.out << done.err;
  auto report = json::parse(done.out);
  EXPECT_TRUE(report["committed"].get<bool>());
  EXPECT_EQ(report["counts"]["create"], 2);
  const int64_t id = report["rows"][0]["id"].get<int64_t>();
  EXPECT_EQ(query_sql(env.db(), "SELECT budget_fen FROM items WHERE id = " + std::to_string(id)), "3500000");
  EXPECT_EQ(query_sql(env.db(), "SELECT json_extract(fields, '$.applicant') FROM items WHERE id = " +
                                    std::to_string(id)),
            "韦某某");
  EXPECT_EQ(query_sql(env.db(), "SELECT budget_fen FROM items WHERE title = '上洞村通屯道路（导入）'"),
            "12345670");
  const Counts after = counts(env);

  auto again = import(env, "items", file, "镇项目负责人", {"--format", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto second = json::parse(again.out);
  EXPECT_EQ(second["counts"]["create"], 0);
  EXPECT_EQ(second["counts"]["exists"], 2);
  EXPECT_EQ(counts(env), after) << "importing the same file again created something";
  auto verify = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(Imports, AnXlsxWorkbookOfFundsImports) {
  const std::string book = env.dir().file("资金.xlsx");
  const std::string rows = env.dir().file("rows.json");
  write_file(rows, json::array({json::array({"资金名称", "资金来源", "文号", "年度", "下达金额（元）"}),
                                json::array({"2019年自治区财政专项扶贫资金", "自治区", "桂财农〔2019〕30号",
                                             2019, 250000.5}),
                                json::array({"粤桂协作帮扶资金", "粤桂协作", "粤财援〔2019〕8号", "2019",
                                             "80,000"})})
                        .dump());
  const std::string cmd = "/usr/bin/python3 " + std::string(TAIZHANG_SOURCE_DIR) +
                          "/tests/spreadsheets/make_xlsx.py " + book + " " + rows;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  auto done = import(env, "funds", book, "镇财务", {"--format", "json"});
  ASSERT_EQ(done.exit_code, 0) << done.out << done.err;
  auto report = json::parse(done.out);
  EXPECT_EQ(report["counts"]["create"], 2);
  EXPECT_EQ(query_sql(env.db(), "SELECT amount_fen FROM funds WHERE doc_no = '桂财农〔2019〕30号'"),
            "25000050");
  EXPECT_EQ(query_sql(env.db(), "SELECT source FROM funds WHERE doc_no = '粤财援〔2019〕8号'"),
            "guangdong_cooperation");
}

TEST_F(Imports, BadRowsAreReportedByRowAndColumnAndNothingIsCreated) {
  const std::string items =
      "项目编号,村,项目名称,项目类别,计划投资\n"
      "A-1,吉照村,好的一行,农村危房改造,100.00\n"
      "A-2,吉照村,金额三位小数,农村危房改造,1.005\n"
      "A-3,不存在村,未知的村,农村危房改造,10\n"
      "A-1,吉照村,重复的编号,农村危房改造,10\n";
  const std::string file = env.dir().file("bad_items.csv");
  write_file(file, items);
  const Counts before = counts(env);
  auto r = import(env, "items", file, "镇项目负责人", {"--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto report = json::parse(r.out);
  EXPECT_FALSE(report["committed"].get<bool>());
  EXPECT_EQ(report["counts"]["error"], 3);
  auto error_of = [&](int line) -> json {
    for (const auto& row : report["rows"]) {
      if (row["line"] == line && !row["errors"].empty()) return row["errors"][0];
    }
    return json();
  };
  EXPECT_EQ(error_of(3)["column"], "计划投资");
  EXPECT_NE(error_of(3)["message"].get<std::string>().find("小数超过两位"), std::string::npos);
  EXPECT_EQ(error_of(4)["column"], "村");
  EXPECT_EQ(error_of(5)["column"], "项目编号");
  EXPECT_NE(error_of(5)["message"].get<std::string>().find("与第2行重复"), std::string::npos);
  EXPECT_EQ(counts(env), before);

  const std::string funds =
      "资金名称,资金来源,文号,年度,金额\n"
      "某资金,天上掉的,桂财〔2019〕1号,2019,100\n";
  const std::string funds_file = env.dir().file("bad_funds.csv");
  write_file(funds_file, funds);
  auto f = import(env, "funds", funds_file, "镇财务");
  EXPECT_EQ(f.exit_code, 1) << f.out << f.err;
  EXPECT_NE(f.out.find("第2行“资金来源”列：没有“天上掉的”这一资金来源"), std::string::npos) << f.out;
  EXPECT_EQ(counts(env), before);
}

TEST_F(Imports, FilesThatAreNotSpreadsheetsOrTooLargeAreRefusedWhole) {
  const Counts before = counts(env);
  const std::string png = env.dir().file("photo.csv");
  write_file(png, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  auto r = import(env, "items", png, "镇项目负责人");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("不是电子表格"), std::string::npos) << r.err;

  const std::string zip = env.dir().file("archive.xlsx");
  write_file(zip, std::string("PK\x03\x04", 4) + std::string(200, 'x'));
  auto z = import(env, "items", zip, "镇项目负责人");
  EXPECT_EQ(z.exit_code, 2);
  EXPECT_NE(z.err.find("不是电子表格"), std::string::npos) << z.err;

  const std::string big = env.dir().file("big.csv");
  {
    std::string line = "A-1,吉照村,很大的文件,农村危房改造,100.00\n";
    std::string text = "项目编号,村,项目名称,项目类别,计划投资\n";
    while (text.size() < 50u * 1024 * 1024) text += line;
    write_file(big, text);
  }
  auto b = import(env, "items", big, "镇项目负责人");
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("超过20 MB"), std::string::npos) << b.err;
  EXPECT_EQ(counts(env), before);
}

TEST_F(Imports, TheApiPreviewsAndCommitsAllOrNone) {
  env.start_server();
  const std::string good = "资金名称,资金来源,文号,年度,金额\n县级配套资金,县,融财〔2019〕5号,2019,5000\n";
  auto preview = env.finance().post("/api/v1/imports?kind=funds", good, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["rows"][0]["result"], "create");
  EXPECT_FALSE(preview.json()["committed"].get<bool>());
  const Counts before = counts(env);
  const std::string bad = good + "坏的一行,县,融财〔2019〕6号,2019,1.005\n";
  auto refused = env.finance().post("/api/v1/imports?kind=funds&commit=true", bad);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["report"]["rows"][1]["errors"][0]["column"], "金额");
  EXPECT_EQ(counts(env), before) << "a refused commit created its good rows";
  auto done = env.finance().post("/api/v1/imports?kind=funds&commit=true", good);
  EXPECT_EQ(done.status, 201) << done.body;
  EXPECT_EQ(query_sql(env.db(), "SELECT amount_fen FROM funds WHERE doc_no = '融财〔2019〕5号'"), "500000");
  auto manager = env.village_manager().post("/api/v1/imports?kind=funds", good);
  EXPECT_TRUE(IsProblem(manager, 403, "forbidden"));
}

}  // namespace
}  // namespace e2e
