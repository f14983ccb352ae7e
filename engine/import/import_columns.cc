#include "engine/import/import_columns.h"

#include <algorithm>

namespace taizhang {

std::optional<ImportKind> parse_import_kind(std::string_view text) {
  if (text == "funds") return ImportKind::funds;
  if (text == "items") return ImportKind::items;
  return std::nullopt;
}

std::string_view to_string(ImportKind kind) { return kind == ImportKind::funds ? "funds" : "items"; }

Result<ColumnMapping> parse_column_mapping(const nlohmann::json& doc) {
  if (!doc.is_object() || doc.size() > 200) {
    return fail(ErrorCode::invalid_field,
                "the mapping must be a JSON object of at most 200 \"表头\": \"标准列名\" pairs",
                "mapping");
  }
  ColumnMapping out;
  for (const auto& [header, column] : doc.items()) {
    if (!column.is_string() || header.size() > 300 || column.get_ref<const std::string&>().size() > 300) {
      return fail(ErrorCode::invalid_field, "mapping of \"" + header + "\" must be a column name",
                  "mapping");
    }
    out[normalized_header(header)] = normalized_header(column.get<std::string>());
  }
  return out;
}

const std::vector<StandardColumn>& standard_columns(ImportKind kind) {
  static const std::vector<StandardColumn> items = {
      {"项目编号", {"编号", "项目代码", "项目库编号"}, false},
      {"村", {"村名", "所属村", "行政村", "单位", "村（社区）"}, true},
      {"项目名称", {"名称", "事项名称", "事项", "项目"}, true},
      {"项目类别", {"类别", "项目类型", "类型"}, true},
      {"年度", {"计划年度", "项目年度", "年份"}, false},
      {"计划投资", {"投资", "计划投资额", "预算", "总投资"}, false},
      {"到期日", {"截止日期", "完成时间", "计划完成时间"}, false},
      {"时间节点", {"完成时限", "时限"}, false},
  };
  static const std::vector<StandardColumn> funds = {
      {"资金名称", {"名称", "项目资金名称"}, true},
      {"资金来源", {"来源", "资金类别"}, true},
      {"文号", {"资金文号", "下达文号", "文件号"}, true},
      {"年度", {"资金年度", "年份"}, true},
      {"金额", {"下达金额", "资金规模", "资金金额"}, true},
  };
  return kind == ImportKind::funds ? funds : items;
}

std::string normalized_header(std::string_view header) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    const char c = header[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (header.substr(i).starts_with("\xE3\x80\x80")) {  // ideographic space
      i += 2;
      continue;
    }
    out += c;
  }
  for (std::string_view unit : {"（元）", "(元)", "（万元）", "(万元)"}) {
    if (out.ends_with(unit) && out.size() > unit.size()) out.resize(out.size() - unit.size());
  }
  return out;
}

HeaderMatch match_headers(ImportKind kind, const std::vector<std::string>& headers,
                          const ColumnMapping& mapping,
                          const std::vector<std::string>& field_labels) {
  HeaderMatch m;
  m.column_of.resize(headers.size());
  const auto& standard = standard_columns(kind);
  auto standard_name = [&](const std::string& h) -> std::string {
    for (const StandardColumn& c : standard) {
      if (h == c.name) return std::string(c.name);
      for (std::string_view a : c.aliases) {
        if (h == a) return std::string(c.name);
      }
    }
    if (kind == ImportKind::items &&
        std::find(field_labels.begin(), field_labels.end(), h) != field_labels.end()) {
      return h;
    }
    return "";
  };
  std::vector<std::string> taken;
  for (size_t i = 0; i < headers.size(); ++i) {
    std::string h = normalized_header(headers[i]);
    if (auto mapped = mapping.find(h); mapped != mapping.end()) h = mapped->second;
    std::string column = h.empty() ? "" : standard_name(h);
    // A column named twice is taken from its first header; the second is listed as unmatched.
    if (!column.empty() && std::find(taken.begin(), taken.end(), column) != taken.end()) column.clear();
    if (column.empty()) {
      if (!normalized_header(headers[i]).empty()) m.unmatched.push_back(headers[i]);
    } else {
      taken.push_back(column);
    }
    m.column_of[i] = column;
  }
  for (const StandardColumn& c : standard) {
    if (c.required && std::find(taken.begin(), taken.end(), c.name) == taken.end()) {
      m.missing.emplace_back(c.name);
    }
  }
  return m;
}

}  // namespace taizhang
