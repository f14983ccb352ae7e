#include "api/views/notice_html.h"

#include <limits>
#include <optional>
#include <utility>

#include "api/views/qr_svg.h"

namespace taizhang::api {
namespace {

using nlohmann::json;

constexpr std::string_view kDash = "—";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Byte length of the well-formed UTF-8 sequence starting at text[i], or 0 when it is ill-formed.
// On 0, `bad` is how many bytes make up the ill-formed prefix (at least 1), so one U+FFFD stands
// for them. The ranges of the second byte are those of Unicode Table 3-7; they shut out overlong
// forms, surrogates and code points above U+10FFFF.
size_t utf8_sequence(std::string_view text, size_t i, size_t& bad) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    bad = 1;
    return 0;
  }
  for (size_t k = 1; k < length; ++k) {
    const bool in_range = i + k < text.size() && byte(i + k) >= (k == 1 ? lo : 0x80) &&
                          byte(i + k) <= (k == 1 ? hi : 0xBF);
    if (!in_range) {
      bad = k;
      return 0;
    }
  }
  return length;
}

// The member `key` of `obj`, or nullptr when obj is not an object, lacks the key or holds null:
// all three read the same on paper.
const json* member(const json* obj, const char* key) {
  if (obj == nullptr || !obj->is_object()) return nullptr;
  auto it = obj->find(key);
  if (it == obj->end() || it->is_null()) return nullptr;
  return &*it;
}

// What a reader should see for a value: strings as written, anything else as its JSON text
// (a number where text was expected is still worth showing), nothing at all as "—".
std::string plain_text(const json* value) {
  if (value == nullptr) return std::string(kDash);
  if (value->is_string()) return value->get_ref<const std::string&>();
  return value->dump(-1, ' ', false, json::error_handler_t::replace);
}

// Escaped text for the page. Line breaks are kept as <br> in table cells and folded into spaces
// where only one line fits (the <title>). Other control characters have no printed form, so they
// show as U+FFFD rather than vanish: a reader can then tell that something odd was typed.
std::string text_html(std::string_view raw, bool multiline) {
  const std::string escaped = html_escape(raw);
  std::string out;
  out.reserve(escaped.size());
  for (char c : escaped) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r') continue;
    if (c == '\n') {
      out += multiline ? "<br>" : " ";
    } else if ((u < 0x20 && c != '\t') || u == 0x7F) {
      out += kReplacement;
    } else {
      out += c;
    }
  }
  return out;
}

std::string cell(const json* value) { return text_html(plain_text(value), true); }

std::optional<int64_t> as_int64(const json* value) {
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  if (value->is_number_unsigned()) {
    const auto u = value->get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return value->get<int64_t>();
}

std::string amount_html(const json* fen) {
  if (auto n = as_int64(fen)) return html_escape(format_yuan(*n));
  return cell(fen);
}

// A count followed by its unit ("12 户"); anything that is not an integer is shown as is.
std::string count_html(const json* value, std::string_view unit) {
  if (auto n = as_int64(value)) return std::to_string(*n) + " " + std::string(unit);
  return cell(value);
}

std::string phase_name(const json& notice) {
  if (const json* name = member(&notice, "phase_name")) return plain_text(name);
  const json* phase = member(&notice, "phase");
  if (phase != nullptr && *phase == "before") return "事前公示";
  if (phase != nullptr && *phase == "after") return "事后公告";
  return "公示";
}

std::string status_html(const json* status) {
  if (status != nullptr && *status == "active") return "公示中";
  if (status != nullptr && *status == "passed") return "公示期满，无未处理异议";
  if (status != nullptr && *status == "objection_open") return "公示期满，异议处理中";
  return cell(status);
}

// One line per fund source, then the total. Disbursements only mean something once the project
// is done, so they are printed on the after-the-fact notice (事后公告) only.
std::string funding_html(const json* funding, bool after) {
  if (funding == nullptr) return std::string(kDash);
  if (!funding->is_object()) return cell(funding);
  const auto amounts = [&](const json* allocated, const json* disbursed) {
    std::string out = "安排 " + amount_html(allocated);
    if (after) out += "，已拨付 " + amount_html(disbursed);
    return out;
  };
  std::string out;
  const json* sources = member(funding, "sources");
  if (sources != nullptr && sources->is_array() && !sources->empty()) {
    out += "<ul class=\"sources\">";
    for (const json& source : *sources) {
      out += "<li>";
      if (!source.is_object()) {
        out += cell(&source);
      } else {
        const json* label = member(&source, "source_name");
        if (label == nullptr) label = member(&source, "source");
        out += cell(label) + " · " + cell(member(&source, "name"));
        out += "（文号：" + cell(member(&source, "doc_no"));
        out += "，年度：" + cell(member(&source, "year")) + "）：";
        out += amounts(member(&source, "allocated_fen"), member(&source, "disbursed_fen"));
      }
      out += "</li>";
    }
    out += "</ul>";
  } else if (sources != nullptr && !sources->is_array()) {
    out += "<p>" + cell(sources) + "</p>";
  } else {
    out += "<p>暂无资金安排</p>";
  }
  out += "<p class=\"total\">合计：" +
         amounts(member(funding, "allocated_fen"), member(funding, "disbursed_fen")) + "</p>";
  return out;
}

constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 18mm }
html { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt;
       line-height: 1.6; color: #000; background: #fff }
body { margin: 0 }
main { max-width: 174mm; margin: 0 auto }
h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 20pt;
     text-align: center; margin: 0 0 2mm }
.subtitle { text-align: center; margin: 0 0 5mm }
table { width: 100%; border-collapse: collapse; table-layout: fixed }
th, td { border: 1px solid #000; padding: 1.5mm 2.5mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere }
th { width: 34mm; font-weight: bold }
tr { break-inside: avoid }
ul.sources { margin: 0; padding-left: 5mm }
.total { margin: 1mm 0 0; font-weight: bold }
td p { margin: 0 }
.period { margin: 5mm 0 1mm }
.issuer { text-align: right; margin: 8mm 0 0 }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #000; font-size: 9pt;
         break-inside: avoid }
footer p { margin: 0.5mm 0 }
.hash { font-family: "Courier New", monospace; word-break: break-all }
.online { display: flex; align-items: center; gap: 4mm; margin-top: 4mm; font-size: 9pt }
.online .url { font-family: "Courier New", monospace; word-break: break-all }
@media screen { body { padding: 18mm } }
)css";

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (size_t i = 0; i < text.size();) {
    size_t bad = 0;
    const size_t length = utf8_sequence(text, i, bad);
    if (length == 0) {
      out += kReplacement;
      i += bad;
      continue;
    }
    if (length > 1) {
      out.append(text, i, length);
    } else {
      switch (text[i]) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += text[i];
      }
    }
    i += length;
  }
  return out;
}

std::string format_yuan(int64_t fen) {
  // The magnitude is taken as unsigned so that the most negative int64 has one too.
  const uint64_t magnitude = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const std::string whole = std::to_string(magnitude / 100);
  std::string out = fen < 0 ? "-" : "";
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  const uint64_t cents = magnitude % 100;
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  out += " 元";
  return out;
}

std::string render_notice_html(const json& notice, std::string_view public_url) {
  const json* contents = member(&notice, "contents");
  const auto content = [&](const char* key) { return cell(member(contents, key)); };
  const json* phase = member(&notice, "phase");
  const bool after = phase != nullptr && *phase == "after";

  const json* project = member(contents, "project_name");
  const std::string title = (project ? plain_text(project) : std::string()) + phase_name(notice);

  std::string rows;
  const auto row = [&](std::string_view label, const std::string& html) {
    rows += "<tr><th scope=\"row\">";
    rows += label;
    rows += "</th><td>" + html + "</td></tr>\n";
  };
  row("项目名称", content("project_name"));
  row("实施地点", content("location"));
  row("建设内容", content("content"));
  row("补助标准", content("subsidy_standard"));
  row("资金来源及规模", funding_html(member(&notice, "funding"), after));
  row("实施期限", content("implementation_period"));
  row("实施单位及责任人", content("implementer"));
  row("绩效目标", content("performance_target"));
  row("受益户数/受益人数", count_html(member(contents, "beneficiary_households"), "户") + " / " +
                               count_html(member(contents, "beneficiary_people"), "人"));
  row("带贫减贫机制", content("poverty_mechanism"));
  row("监督举报电话", content("hotline"));

  const json* audit = member(&notice, "audit");
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  // The page needs nothing from anywhere: forbid everything but its own inline style, so even a
  // rendering mistake could not load or run anything.
  html += "<meta http-equiv=\"Content-Security-Policy\" "
          "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + text_html(title, false) + "</title>\n";
  html += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
  html += "<h1>" + text_html(title, false) + "</h1>\n";
  html += "<p class=\"subtitle\">公示层级：" + cell(member(&notice, "level_name")) + " · 编号：" +
          cell(member(&notice, "id")) + "</p>\n";
  html += "<table>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
  // A period in working days says so: "（7个工作日）"; in days, how many: "（共 10 天）".
  const nlohmann::json* working_days = member(&notice, "period_working_days");
  const std::string span = working_days != nullptr && working_days->is_number_integer()
                               ? "（" + cell(working_days) + "个工作日）"
                               : "（共 " + cell(member(&notice, "period_days")) + " 天）";
  html += "<p class=\"period\">公示期：" + cell(member(&notice, "posted_on")) + " 至 " +
          cell(member(&notice, "ends_on")) + span +
          "。公示期内如有异议，请拨打监督举报电话反映。</p>\n";
  html += "<p class=\"status\">公示状态：" + status_html(member(&notice, "status")) + "</p>\n";
  html += "<p class=\"objections\">异议：未处理 " + cell(member(&notice, "objections_open")) +
          " 件，已处理 " + cell(member(&notice, "objections_resolved")) + " 件</p>\n";
  html += "<p class=\"issuer\">公示单位：" + cell(member(&notice, "org_name")) + "<br>" +
          cell(member(&notice, "posted_on")) + "</p>\n";
  if (!public_url.empty()) {
    // The SVG is made from the URL by libqrencode: only its own markup, no notice text.
    html += "<div class=\"online\">" + qr_svg(public_url, 30) +
            "<p>手机扫码查看本公示：<br><span class=\"url\">" + html_escape(public_url) +
            "</span></p></div>\n";
  }
  html += "<footer>\n<p>审计链 第 " + cell(member(audit, "seq")) + " 条 · <span class=\"hash\">" +
          cell(member(audit, "hash")) + "</span></p>\n";
  html += "<p>本公示发布时已记入审计链。可凭上述序号与哈希，对照公开发布的审计链头（GET "
          "/public/audit/head，无需登录），用 deploy/verify_audit_chain.py --notice 独立核验该记录"
          "此后未被改写。"
          "</p>\n";
  if (const json* cp = member(&notice, "checkpoint"); cp && cp->is_object()) {
    html += "<p>审计日志签名检查点：第 " + cell(member(cp, "seq")) +
            " 条 · 默克尔树根 <span class=\"hash\">" + cell(member(cp, "root")) +
            "</span> · 签于 " + cell(member(cp, "at")) + "（密钥 " + cell(member(cp, "key_id")) +
            "）。服务器以其私钥签署此检查点，公钥见 /public/audit/checkpoints；可用 "
            "deploy/verify_audit_chain.py --checkpoints 核验日志自此只增不改。</p>\n";
  }
  html += "<p>发布时间：" + cell(member(&notice, "posted_at")) + "</p>\n</footer>\n";
  html += "</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace taizhang::api
