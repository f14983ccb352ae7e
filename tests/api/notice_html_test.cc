#include <gtest/gtest.h>

#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/views/notice_html.h"

namespace taizhang::api {
namespace {

using nlohmann::json;

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// A public notice shaped as the API contract describes it.
json sample_notice() {
  return json::parse(R"({
    "id": 7, "item_id": 42, "org_id": 3, "org_name": "吉照村民委员会",
    "level": "village", "level_name": "村级", "phase": "before", "phase_name": "事前公示",
    "posted_on": "2024-05-06", "period_days": 10, "ends_on": "2024-05-15", "status": "active",
    "contents": {
      "project_name": "吉照村道路硬化项目", "location": "吉照村一组至三组",
      "content": "硬化道路 2.3 公里\n宽 4.5 米", "subsidy_standard": "每公里 60 万元",
      "implementation_period": "2024年5月至2024年10月", "implementer": "吉照村委会 张三",
      "performance_target": "方便 120 户群众出行", "beneficiary_households": 120,
      "beneficiary_people": 486, "poverty_mechanism": "优先吸纳脱贫户务工",
      "hotline": "12317、0771-1234567"
    },
    "funding": {
      "sources": [
        {"fund_id": 1, "name": "2024年第一批衔接资金", "source": "central",
         "source_name": "中央财政专项扶贫资金", "doc_no": "桂财农〔2024〕1号", "year": 2024,
         "allocated_fen": 100000000, "disbursed_fen": 25000000},
        {"fund_id": 2, "name": "粤桂协作资金", "source": "guangdong_cooperation",
         "source_name": "粤桂东西部协作资金", "doc_no": "协作〔2024〕9号", "year": 2024,
         "allocated_fen": 38000050, "disbursed_fen": 0}
      ],
      "allocated_fen": 138000050, "disbursed_fen": 25000000
    },
    "objections_open": 1, "objections_resolved": 2,
    "audit": {"seq": 1234,
              "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
    "posted_at": "2024-05-06T09:30:00+08:00"
  })");
}

// Every tag in the page, by name ("table", "/table", "!DOCTYPE"), with its full text.
std::vector<std::pair<std::string, std::string>> tags(const std::string& html) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t open = html.find('<'); open != std::string::npos; open = html.find('<', open + 1)) {
    const size_t close = html.find('>', open);
    if (close == std::string::npos) break;
    const std::string tag = html.substr(open, close - open + 1);
    const size_t name_end = tag.find_first_of(" >", 1);
    out.emplace_back(tag.substr(1, name_end - 1), tag);
  }
  return out;
}

// Only the page's own markup may appear: these tags, no event handlers, no sources.
void expect_only_own_markup(const std::string& html) {
  static const std::set<std::string> allowed = {
      "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style",
      "body", "/body", "main", "/main", "h1", "/h1", "p", "/p", "table", "/table", "tbody",
      "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "ul", "/ul", "li", "/li", "br",
      "footer", "/footer", "span", "/span"};
  for (const auto& [name, tag] : tags(html)) {
    EXPECT_TRUE(allowed.contains(name)) << tag;
    EXPECT_FALSE(contains(tag, "onerror")) << tag;
    EXPECT_FALSE(contains(tag, "src=")) << tag;
    EXPECT_FALSE(contains(tag, "href")) << tag;
  }
}

TEST(NoticeHtml, EscapesEachDangerousCharacter) {
  EXPECT_EQ(html_escape("&"), "&amp;");
  EXPECT_EQ(html_escape("<"), "&lt;");
  EXPECT_EQ(html_escape(">"), "&gt;");
  EXPECT_EQ(html_escape("\""), "&quot;");
  EXPECT_EQ(html_escape("'"), "&#39;");
  EXPECT_EQ(html_escape("a<b>&\"c'd"), "a&lt;b&gt;&amp;&quot;c&#39;d");
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");  // already-escaped text is escaped again
  EXPECT_EQ(html_escape(""), "");
}

TEST(NoticeHtml, KeepsValidUtf8) {
  EXPECT_EQ(html_escape("吉照村 12317"), "吉照村 12317");
  EXPECT_EQ(html_escape("€ 𝄞 é"), "€ 𝄞 é");
  EXPECT_EQ(html_escape("\xF4\x8F\xBF\xBF"), "\xF4\x8F\xBF\xBF");  // U+10FFFF, the last one
}

TEST(NoticeHtml, ReplacesInvalidUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(html_escape("a\xFF" "b"), "a" + fffd + "b");
  EXPECT_EQ(html_escape("\x80"), fffd);                        // stray continuation byte
  EXPECT_EQ(html_escape("\xE5\x90"), fffd);                    // truncated 吉 at the end
  EXPECT_EQ(html_escape("\xE5\x90<"), fffd + "&lt;");          // truncated, then markup
  EXPECT_EQ(html_escape("\xC0\xBC"), fffd + fffd);             // overlong '<'
  EXPECT_EQ(html_escape("\xE0\x80\xBC"), fffd + fffd + fffd);  // overlong '<', 3 bytes
  EXPECT_EQ(html_escape("\xED\xA0\x80"), fffd + fffd + fffd);  // surrogate U+D800
  EXPECT_EQ(html_escape("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF

  json notice = sample_notice();
  notice["contents"]["location"] = std::string("吉照\xFF村");
  notice["org_name"] = std::string("\xE5\x90");
  const std::string html = render_notice_html(notice);
  EXPECT_TRUE(contains(html, "吉照" + fffd + "村"));
  EXPECT_TRUE(contains(html, "公示单位：" + fffd));
  EXPECT_FALSE(contains(html, "\xFF"));
}

TEST(NoticeHtml, FormatsYuan) {
  EXPECT_EQ(format_yuan(0), "0.00 元");
  EXPECT_EQ(format_yuan(1), "0.01 元");
  EXPECT_EQ(format_yuan(100), "1.00 元");
  EXPECT_EQ(format_yuan(123456), "1,234.56 元");
  EXPECT_EQ(format_yuan(100000), "1,000.00 元");
  EXPECT_EQ(format_yuan(99999), "999.99 元");
  EXPECT_EQ(format_yuan(123456789), "1,234,567.89 元");
  EXPECT_EQ(format_yuan(10'000'000'000'000), "100,000,000,000.00 元");  // 10^13, the maximum
  EXPECT_EQ(format_yuan(-1), "-0.01 元");
  EXPECT_EQ(format_yuan(-123456789), "-1,234,567.89 元");
  EXPECT_EQ(format_yuan(std::numeric_limits<int64_t>::min()),
            "-92,233,720,368,547,758.08 元");
}

TEST(NoticeHtml, RendersAPrintableChineseDocument) {
  const std::string html = render_notice_html(sample_notice());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_TRUE(contains(html, "<html lang=\"zh-CN\">"));
  EXPECT_TRUE(contains(html, "<meta charset=\"utf-8\">"));
  EXPECT_TRUE(contains(html, "@page { size: A4; margin: 18mm }"));
  EXPECT_TRUE(contains(html, "<title>吉照村道路硬化项目事前公示</title>"));
  EXPECT_TRUE(contains(html, "<h1>吉照村道路硬化项目事前公示</h1>"));
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<link"));
  EXPECT_FALSE(contains(html, "http://"));
  EXPECT_FALSE(contains(html, "https://"));
  expect_only_own_markup(html);

  for (const char* label : {"项目名称", "实施地点", "建设内容", "补助标准", "资金来源及规模",
                            "实施期限", "实施单位及责任人", "绩效目标", "受益户数/受益人数",
                            "带贫减贫机制", "监督举报电话"}) {
    EXPECT_TRUE(contains(html, std::string("<th scope=\"row\">") + label + "</th>")) << label;
  }
  EXPECT_TRUE(contains(html, "硬化道路 2.3 公里<br>宽 4.5 米"));
  EXPECT_TRUE(contains(html, "120 户 / 486 人"));
  EXPECT_TRUE(contains(html, "12317、0771-1234567"));
  EXPECT_TRUE(contains(html, "公示期：2024-05-06 至 2024-05-15（共 10 天）"));
  EXPECT_TRUE(contains(html, "公示单位：吉照村民委员会"));
  EXPECT_TRUE(contains(html, "公示状态：公示中"));
  EXPECT_TRUE(contains(html, "异议：未处理 1 件，已处理 2 件"));
}

TEST(NoticeHtml, APeriodInWorkingDaysSaysSo) {
  json notice = sample_notice();
  notice["posted_on"] = "2019-03-01";
  notice["ends_on"] = "2019-03-11";
  notice["period_days"] = 11;
  notice["period_working_days"] = 7;
  const std::string html = render_notice_html(notice);
  EXPECT_TRUE(contains(html, "公示期：2019-03-01 至 2019-03-11（7个工作日）")) << html;
  EXPECT_FALSE(contains(html, "共 11 天"));
  // In calendar days (period_working_days null, as the API gives it) the days are counted.
  notice["period_working_days"] = nullptr;
  EXPECT_TRUE(contains(render_notice_html(notice), "（共 11 天）"));
}

TEST(NoticeHtml, ShowsTheAuditChainHead) {
  const std::string html = render_notice_html(sample_notice());
  EXPECT_TRUE(contains(html, "审计链 第 1234 条 · "));
  EXPECT_TRUE(contains(html, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  EXPECT_TRUE(contains(html, "/public/audit/head，无需登录"));
  EXPECT_TRUE(contains(html, "deploy/verify_audit_chain.py --notice"));
}

TEST(NoticeHtml, ListsFundingSourcesAndTotal) {
  const std::string before = render_notice_html(sample_notice());
  EXPECT_TRUE(contains(before, "中央财政专项扶贫资金 · 2024年第一批衔接资金（文号：桂财农〔2024〕1号，"
                               "年度：2024）：安排 1,000,000.00 元"));
  EXPECT_TRUE(contains(before, "粤桂东西部协作资金 · 粤桂协作资金（文号：协作〔2024〕9号，"
                               "年度：2024）：安排 380,000.50 元"));
  EXPECT_TRUE(contains(before, "合计：安排 1,380,000.50 元"));
  EXPECT_FALSE(contains(before, "已拨付"));  // a notice before the work says nothing of payments

  json notice = sample_notice();
  notice["phase"] = "after";
  notice["phase_name"] = "事后公告";
  const std::string after = render_notice_html(notice);
  EXPECT_TRUE(contains(after, "<title>吉照村道路硬化项目事后公告</title>"));
  EXPECT_TRUE(contains(after, "安排 1,000,000.00 元，已拨付 250,000.00 元"));
  EXPECT_TRUE(contains(after, "安排 380,000.50 元，已拨付 0.00 元"));
  EXPECT_TRUE(contains(after, "合计：安排 1,380,000.50 元，已拨付 250,000.00 元"));

  notice["funding"] = {{"sources", json::array()}, {"allocated_fen", 0}, {"disbursed_fen", 0}};
  const std::string empty = render_notice_html(notice);
  EXPECT_TRUE(contains(empty, "暂无资金安排"));
  EXPECT_TRUE(contains(empty, "合计：安排 0.00 元，已拨付 0.00 元"));
}

TEST(NoticeHtml, HostileTextRendersInert) {
  json notice = sample_notice();
  notice["contents"]["project_name"] = "<script>alert(1)</script>";
  notice["contents"]["content"] = "=HYPERLINK(\"http://x\",\"y\")";
  notice["contents"]["location"] = "\"><img src=x onerror=alert(1)>";
  notice["contents"]["implementer"] = "张三\r\n<b>李四</b>\r\n";
  notice["contents"]["hotline"] = "12317'><svg onload=alert(1)>";
  notice["org_name"] = "</td></tr></table><script>alert(2)</script>";
  notice["funding"]["sources"][0]["name"] = "<iframe src=//x>";
  notice["funding"]["sources"][0]["doc_no"] = "@SUM(1+1)*cmd|' /C calc'!A0";
  notice["audit"]["hash"] = "<style>*{display:none}</style>";
  notice["contents"]["poverty_mechanism"] = std::string("a\0b\x1b[31m", 9);
  const std::string html = render_notice_html(notice);

  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_FALSE(contains(html, "<svg"));
  EXPECT_FALSE(contains(html, "<iframe"));
  EXPECT_FALSE(contains(html, "<b>"));
  EXPECT_FALSE(contains(html, "\r"));
  EXPECT_EQ(std::string::npos, html.find('\0'));
  EXPECT_FALSE(contains(html, "\x1b"));
  expect_only_own_markup(html);

  EXPECT_TRUE(contains(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt;事前公示</title>"));
  EXPECT_TRUE(contains(html, "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
  EXPECT_TRUE(contains(html, "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;"));
  EXPECT_TRUE(contains(html, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(contains(html, "12317&#39;&gt;&lt;svg onload=alert(1)&gt;"));
  EXPECT_TRUE(contains(html, "&lt;iframe src=//x&gt;"));
  EXPECT_TRUE(contains(html, "@SUM(1+1)*cmd|&#39; /C calc&#39;!A0"));
  EXPECT_TRUE(contains(html, "&lt;style&gt;*{display:none}&lt;/style&gt;"));
  // The formula shows as text, its quotes escaped; the raw form appears nowhere.
  EXPECT_TRUE(contains(html, "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
  EXPECT_FALSE(contains(html, "=HYPERLINK(\""));
  // CR is dropped and LF becomes a line break, after escaping.
  EXPECT_TRUE(contains(html, "<td>张三<br>&lt;b&gt;李四&lt;/b&gt;<br></td>"));
}

TEST(NoticeHtml, MissingKeysShowADash) {
  for (const json& notice : {json::object(), json(nullptr), json::array(), json("x"), json(5)}) {
    std::string html;
    ASSERT_NO_THROW(html = render_notice_html(notice)) << notice.dump();
    EXPECT_TRUE(contains(html, "<td>—</td>"));
    EXPECT_TRUE(contains(html, "<h1>公示</h1>"));
    EXPECT_TRUE(contains(html, "审计链 第 — 条"));
    EXPECT_TRUE(contains(html, "公示期：— 至 —（共 — 天）"));
    EXPECT_TRUE(contains(html, "异议：未处理 — 件，已处理 — 件"));
    EXPECT_TRUE(contains(html, "</html>"));
  }

  json notice = sample_notice();
  notice["contents"].erase("location");
  notice["contents"]["hotline"] = nullptr;
  notice["funding"]["sources"][0].erase("doc_no");
  notice["funding"].erase("allocated_fen");
  notice.erase("phase_name");
  notice.erase("audit");
  const std::string html = render_notice_html(notice);
  EXPECT_TRUE(contains(html, "<th scope=\"row\">实施地点</th><td>—</td>"));
  EXPECT_TRUE(contains(html, "<th scope=\"row\">监督举报电话</th><td>—</td>"));
  EXPECT_TRUE(contains(html, "（文号：—，"));
  EXPECT_TRUE(contains(html, "合计：安排 —"));
  EXPECT_TRUE(contains(html, "<h1>吉照村道路硬化项目事前公示</h1>"));  // from "phase"
}

TEST(NoticeHtml, WrongTypesShowTheirJsonText) {
  json notice = sample_notice();
  notice["contents"]["project_name"] = 12345;
  notice["contents"]["location"] = json::array({"<a>", 1});
  notice["contents"]["content"] = {{"k", "<v>"}};
  notice["contents"]["beneficiary_households"] = "120";
  notice["contents"]["beneficiary_people"] = 4.5;
  notice["contents"]["hotline"] = true;
  notice["period_days"] = "ten";
  notice["funding"]["sources"][1] = "<not an object>";
  notice["funding"]["allocated_fen"] = "1e3";
  notice["funding"]["disbursed_fen"] = 18446744073709551615u;  // above int64
  notice["audit"] = "<broken>";
  notice["phase"] = "after";
  notice["contents"]["subsidy_standard"] = std::string("\xFF");  // invalid UTF-8 in a string

  std::string html;
  ASSERT_NO_THROW(html = render_notice_html(notice));
  EXPECT_TRUE(contains(html, "<td>12345</td>"));
  EXPECT_TRUE(contains(html, "<td>[&quot;&lt;a&gt;&quot;,1]</td>"));
  EXPECT_TRUE(contains(html, "<td>{&quot;k&quot;:&quot;&lt;v&gt;&quot;}</td>"));
  EXPECT_TRUE(contains(html, "120 / 4.5"));
  EXPECT_TRUE(contains(html, "<td>true</td>"));
  EXPECT_TRUE(contains(html, "（共 ten 天）"));
  EXPECT_TRUE(contains(html, "<li>&lt;not an object&gt;</li>"));
  EXPECT_TRUE(contains(html, "合计：安排 1e3，已拨付 18446744073709551615"));
  EXPECT_TRUE(contains(html, "审计链 第 — 条"));
  EXPECT_TRUE(contains(html, "<td>\xEF\xBF\xBD</td>"));
  expect_only_own_markup(html);
}

TEST(NoticeHtml, NamesTheStatus) {
  json notice = sample_notice();
  notice["status"] = "passed";
  EXPECT_TRUE(contains(render_notice_html(notice), "公示状态：公示期满，无未处理异议"));
  notice["status"] = "objection_open";
  EXPECT_TRUE(contains(render_notice_html(notice), "公示状态：公示期满，异议处理中"));
  notice["status"] = "<odd>";
  EXPECT_TRUE(contains(render_notice_html(notice), "公示状态：&lt;odd&gt;"));
}

}  // namespace
}  // namespace taizhang::api
