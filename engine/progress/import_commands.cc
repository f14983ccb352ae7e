#include "engine/progress/import_commands.h"

#include <charconv>
#include <map>
#include <set>
#include <variant>

#include "engine/import/yuan_text.h"
#include "engine/ledger/ledger_commands.h"

namespace taizhang {

std::string_view to_string(RowResult result) {
  switch (result) {
    case RowResult::create: return "create";
    case RowResult::exists: return "exists";
    case RowResult::error: return "error";
  }
  return "";
}

std::optional<std::string> parse_sheet_date(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  // An Excel serial: days since 1899-12-30 (Excel's own epoch, past its 1900 leap-year bug).
  if (text.size() == 5 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    int serial = 0;
    std::from_chars(text.data(), text.data() + text.size(), serial);
    const date::year_month_day day{date::sys_days(date::year{1899} / 12 / 30) + date::days{serial}};
    if (day.year() < date::year{2000} || day.year() > date::year{2100}) return std::nullopt;
    return format_date(day);
  }
  int parts[3] = {0, 0, 0};
  size_t part = 0, digits = 0;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      if (part > 2 || ++digits > 4) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
      ++i;
      continue;
    }
    size_t sep = 0;
    for (std::string_view s : {"-", "/", ".", "年", "月", "日"}) {
      if (text.substr(i).starts_with(s)) sep = s.size();
    }
    if (sep == 0 || digits == 0) return std::nullopt;
    const bool day_mark = text.substr(i).starts_with("日");
    i += sep;
    digits = 0;
    ++part;
    if (day_mark) {
      if (i != text.size() || part != 3) return std::nullopt;
    }
  }
  if (part == 2 && digits > 0) part = 3;
  if (part != 3) return std::nullopt;
  const date::year_month_day day{date::year{parts[0]}, date::month{unsigned(parts[1])},
                                 date::day{unsigned(parts[2])}};
  if (!day.ok() || day.year() < date::year{2000} || day.year() > date::year{2100}) return std::nullopt;
  return format_date(day);
}

namespace {

// Where each column's cell is in a row.
struct Layout {
  HeaderMatch match;
  std::map<std::string, size_t, std::less<>> index;  // column → header index
  const std::vector<std::string>* headers = nullptr;

  std::string cell(const ImportTable::Row& row, std::string_view column) const {
    auto it = index.find(column);
    if (it == index.end() || it->second >= row.cells.size()) return "";
    std::string v = row.cells[it->second];
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.pop_back();
    size_t lead = v.find_first_not_of(" \t");
    return lead == std::string::npos ? "" : v.substr(lead);
  }
  std::string header(std::string_view column) const {
    auto it = index.find(column);
    return it == index.end() ? std::string(column) : (*headers)[it->second];
  }
};

std::optional<FundSource> parse_source_text(std::string_view text) {
  if (auto s = parse_fund_source(text)) return s;
  static const std::pair<std::string_view, FundSource> names[] = {
      {"中央", FundSource::central},          {"中央财政", FundSource::central},
      {"自治区", FundSource::region},         {"自治区级", FundSource::region},
      {"市", FundSource::city},               {"市级", FundSource::city},
      {"县", FundSource::county},             {"县级", FundSource::county},
      {"粤桂协作", FundSource::guangdong_cooperation},
      {"粤桂扶贫协作", FundSource::guangdong_cooperation},
      {"统筹整合", FundSource::integrated},   {"社会帮扶", FundSource::social}};
  for (const auto& [name, source] : names) {
    if (text == name) return source;
  }
  for (FundSource s : {FundSource::central, FundSource::region, FundSource::city,
                       FundSource::county, FundSource::guangdong_cooperation,
                       FundSource::integrated, FundSource::social}) {
    if (text == chinese_name(s)) return s;
  }
  return std::nullopt;
}

WorkflowPtr workflow_named(const WorkflowCatalog& workflows, std::string_view text) {
  for (const WorkflowPtr& def : workflows.all_current()) {
    if (def->id == text || def->name == text) return def;
    // "通屯道路/屯内道路硬化" is also found as either of its halves.
    const std::string& name = def->name;
    for (size_t start = 0; start <= name.size();) {
      size_t end = name.find('/', start);
      if (end == std::string::npos) end = name.size();
      if (end > start && name.compare(start, end - start, text) == 0 && end - start == text.size()) {
        return def;
      }
      start = end + 1;
    }
  }
  return nullptr;
}

std::optional<int64_t> parse_whole(std::string_view text) {
  if (text.ends_with(".0")) text.remove_suffix(2);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// A cell turned into an item field value of its declared type; an error message otherwise.
std::variant<nlohmann::json, std::string> field_value(const FieldDeclaration& decl,
                                                      const std::string& text) {
  switch (decl.type) {
    case FieldType::text:
    case FieldType::choice:
      return nlohmann::json(text);
    case FieldType::integer: {
      auto v = parse_whole(text);
      if (!v) return std::string("“" + text.substr(0, 40) + "”不是整数");
      return nlohmann::json(*v);
    }
    case FieldType::amount_fen: {
      auto fen = parse_sheet_yuan(text, decl.key);
      if (!fen) return fen.error().message;
      return nlohmann::json(*fen);
    }
    case FieldType::date: {
      auto d = parse_sheet_date(text);
      if (!d) return std::string("“" + text.substr(0, 40) + "”不是日期（如2019-07-31）");
      return nlohmann::json(*d);
    }
    case FieldType::boolean:
      if (text == "是" || text == "true" || text == "1") return nlohmann::json(true);
      if (text == "否" || text == "false" || text == "0") return nlohmann::json(false);
      return std::string("应填“是”或“否”");
  }
  return std::string("unknown field type");
}

// What a row that passed its checks creates.
using Creation = std::variant<std::monostate, NewItem, NewFund>;

struct Planned {
  ImportReport report;
  std::vector<Creation> creations;  // by row index
};

std::vector<std::string> all_field_labels(const WorkflowCatalog& workflows) {
  std::vector<std::string> labels;
  for (const WorkflowPtr& def : workflows.all_current()) {
    for (const FieldDeclaration& f : def->fields) labels.push_back(f.label);
  }
  return labels;
}

void check_item_row(ImportReader& store, const ItemRules& rules, const Principal& who,
                    const Layout& layout, const ImportTable::Row& row, int default_year,
                    ImportRowOutcome& out, Creation& creation) {
  auto problem = [&](std::string_view column, std::string message) {
    out.errors.push_back({row.line, column.empty() ? "" : layout.header(column), std::move(message)});
  };
  NewItem item;
  const std::string village = layout.cell(row, "村");
  const OrgUnit* unit = village.empty() ? nullptr : rules.orgs.find_by_name(village);
  if (village.empty()) {
    problem("村", "村为空");
  } else if (!unit || unit->kind == "county") {
    problem("村", "没有名为“" + village.substr(0, 60) + "”的村或乡镇");
  } else if (!who.can_see_org(unit->id)) {
    problem("村", "无权为" + village + "导入事项");
  } else {
    item.org_id = unit->id;
  }
  item.title = layout.cell(row, "项目名称");
  if (item.title.empty()) problem("项目名称", "项目名称为空");
  if (item.title.size() > kMaxTitleBytes) problem("项目名称", "项目名称超过200字");
  const std::string kind_text = layout.cell(row, "项目类别");
  WorkflowPtr def = kind_text.empty() ? nullptr : workflow_named(rules.workflows, kind_text);
  if (!def) {
    std::string known;
    for (const WorkflowPtr& d : rules.workflows.all_current()) known += (known.empty() ? "" : "、") + d->name;
    problem("项目类别", kind_text.empty() ? "项目类别为空"
                                          : "没有“" + kind_text.substr(0, 40) + "”这一类别（可选：" + known + "）");
  } else {
    item.workflow = def->id;
  }
  item.plan_year = default_year;
  if (std::string year = layout.cell(row, "年度"); !year.empty()) {
    if (year.ends_with("年")) year.resize(year.size() - 3);
    auto y = parse_whole(year);
    if (!y || *y < 2000 || *y > 2100) {
      problem("年度", "年度应为2000至2100年");
    } else {
      item.plan_year = static_cast<int>(*y);
    }
  }
  if (std::string budget = layout.cell(row, "计划投资"); !budget.empty()) {
    auto fen = parse_sheet_yuan(budget, "计划投资");
    if (!fen) {
      problem("计划投资", fen.error().message);
    } else {
      item.budget_fen = *fen;
    }
  }
  if (std::string due = layout.cell(row, "到期日"); !due.empty()) {
    auto d = parse_sheet_date(due);
    if (!d) {
      problem("到期日", "“" + due.substr(0, 40) + "”不是日期（如2019-07-31）");
    } else {
      item.due_on = *d;
    }
  }
  if (std::string node = layout.cell(row, "时间节点"); !node.empty() && !item.due_on) {
    item.deadline = node;
  }
  // Field columns: the row's workflow must declare the label; other workflows' labels are left
  // empty by the office, or are an error naming the column.
  for (size_t i = 0; i < layout.match.column_of.size(); ++i) {
    const std::string& column = layout.match.column_of[i];
    if (column.empty() || layout.index.at(column) != i) continue;
    bool standard = false;
    for (const StandardColumn& c : standard_columns(ImportKind::items)) standard |= c.name == column;
    if (standard) continue;
    const std::string text = layout.cell(row, column);
    if (text.empty() || !def) continue;
    const FieldDeclaration* decl = nullptr;
    for (const FieldDeclaration& f : def->fields) {
      if (f.label == column) decl = &f;
    }
    if (!decl) {
      problem(column, def->name + "没有“" + column + "”这一项");
      continue;
    }
    auto value = field_value(*decl, text);
    if (auto* message = std::get_if<std::string>(&value)) {
      problem(column, *message);
      continue;
    }
    item.fields[decl->key] = std::get<nlohmann::json>(value);
    if (auto ok = check_field_value(*decl, item.fields[decl->key], "fields." + decl->key); !ok) {
      problem(column, ok.error().message);
    }
  }
  // The key: 项目编号 when given, else unit and title.
  const std::string number = layout.cell(row, "项目编号");
  out.key = number.empty() ? village + "／" + item.title : "项目编号：" + number;
  if (!out.errors.empty()) return;
  std::optional<int64_t> existing = store.imported_entity(ImportKind::items, out.key);
  if (!existing && number.empty()) existing = store.item_titled(item.org_id, item.title);
  if (existing) {
    out.result = RowResult::exists;
    out.id = existing;
    return;
  }
  creation = std::move(item);
}

void check_fund_row(ImportReader& store, const Layout& layout, const ImportTable::Row& row,
                    const std::set<std::string>& existing_keys,
                    const std::map<std::string, int64_t>& existing_ids, ImportRowOutcome& out,
                    Creation& creation) {
  auto problem = [&](std::string_view column, std::string message) {
    out.errors.push_back({row.line, layout.header(column), std::move(message)});
  };
  NewFund fund;
  fund.name = layout.cell(row, "资金名称");
  if (fund.name.empty()) problem("资金名称", "资金名称为空");
  if (fund.name.size() > kMaxLedgerTextBytes) problem("资金名称", "资金名称超过200字");
  const std::string source = layout.cell(row, "资金来源");
  if (auto s = parse_source_text(source)) {
    fund.source = *s;
  } else {
    problem("资金来源", source.empty() ? "资金来源为空"
                                       : "没有“" + source.substr(0, 40) +
                                             "”这一资金来源（可选：中央、自治区、市、县、粤桂协作、统筹整合、社会帮扶）");
  }
  fund.doc_no = layout.cell(row, "文号");
  if (fund.doc_no.empty()) problem("文号", "文号为空");
  if (fund.doc_no.size() > kMaxLedgerTextBytes) problem("文号", "文号超过200字");
  std::string year = layout.cell(row, "年度");
  if (year.ends_with("年")) year.resize(year.size() - 3);
  auto y = parse_whole(year);
  if (!y || *y < 2000 || *y > 2100) {
    problem("年度", "年度应为2000至2100年");
  } else {
    fund.year = static_cast<int>(*y);
  }
  auto fen = parse_sheet_yuan(layout.cell(row, "金额"), "金额");
  if (!fen) {
    problem("金额", fen.error().message);
  } else if (*fen < kMinAmountFen) {
    problem("金额", "金额应大于0");
  } else {
    fund.amount_fen = *fen;
  }
  out.key = std::string(to_string(fund.source)) + "／" + fund.doc_no + "／" + std::to_string(fund.year);
  if (!out.errors.empty()) return;
  std::optional<int64_t> existing = store.imported_entity(ImportKind::funds, out.key);
  if (!existing && existing_keys.contains(out.key)) existing = existing_ids.at(out.key);
  if (existing) {
    out.result = RowResult::exists;
    out.id = existing;
    return;
  }
  creation = std::move(fund);
}

Result<Planned> plan_import(ImportReader& store, const ItemRules& rules, const Principal& who,
                            ImportKind kind, const ImportTable& table, const ColumnMapping& mapping,
                            TimePoint now) {
  const Role role = who.user.role;
  if (kind == ImportKind::items && role != Role::manager && role != Role::admin) {
    return fail(ErrorCode::forbidden, "only managers and admins import items");
  }
  if (kind == ImportKind::funds && role != Role::finance && role != Role::admin) {
    return fail(ErrorCode::forbidden, "only finance and admins import funds");
  }
  if (table.rows.empty()) {
    return fail(ErrorCode::invalid_field, "the file has a header but no rows to import", "file");
  }
  Planned p;
  ImportReport& r = p.report;
  r.kind = kind;
  Layout layout;
  layout.headers = &table.headers;
  layout.match = match_headers(kind, table.headers, mapping,
                               kind == ImportKind::items ? all_field_labels(rules.workflows)
                                                         : std::vector<std::string>{});
  for (size_t i = 0; i < table.headers.size(); ++i) {
    const std::string& column = layout.match.column_of[i];
    if (column.empty()) continue;
    layout.index.emplace(column, i);
    r.columns.emplace_back(table.headers[i], column);
  }
  r.unmatched = layout.match.unmatched;
  r.missing = layout.match.missing;

  std::set<std::string> fund_keys;
  std::map<std::string, int64_t> fund_ids;
  if (kind == ImportKind::funds) {
    FundQuery q;
    q.limit = 200;
    for (;;) {
      auto page = store.funds(q);
      for (const Fund& f : page) {
        const std::string key = std::string(to_string(f.source)) + "／" + f.doc_no + "／" + std::to_string(f.year);
        if (fund_keys.insert(key).second) fund_ids[key] = f.id;
      }
      if (page.size() < size_t(q.limit)) break;
      q.after_id = page.back().id;
    }
  }
  const int default_year = int(shanghai_date(now).year());
  std::map<std::string, int64_t> first_line;  // key → the line it first appears on
  p.creations.resize(table.rows.size());
  r.rows.reserve(table.rows.size());
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const ImportTable::Row& row = table.rows[i];
    ImportRowOutcome out;
    out.line = row.line;
    if (r.missing.empty()) {
      if (kind == ImportKind::items) {
        check_item_row(store, rules, who, layout, row, default_year, out, p.creations[i]);
      } else {
        check_fund_row(store, layout, row, fund_keys, fund_ids, out, p.creations[i]);
      }
      if (out.errors.empty() && !out.key.empty()) {
        auto [at, fresh] = first_line.emplace(out.key, row.line);
        if (!fresh) {
          out.errors.push_back({row.line, layout.header(kind == ImportKind::items ? "项目编号" : "文号"),
                                "与第" + std::to_string(at->second) + "行重复（" + out.key + "）"});
        }
      }
    } else {
      out.errors.push_back({row.line, "", "缺少必填列：" + [&] {
                              std::string s;
                              for (const auto& m : r.missing) s += (s.empty() ? "" : "、") + m;
                              return s;
                            }()});
    }
    if (!out.errors.empty()) {
      out.result = RowResult::error;
      p.creations[i] = std::monostate{};
      ++r.errors;
    } else if (out.result == RowResult::exists) {
      ++r.existing;
    } else {
      ++r.to_create;
    }
    r.rows.push_back(std::move(out));
  }
  return p;
}

}  // namespace

void locate_header(ImportTable& table, ImportKind kind, const ColumnMapping& mapping,
                   const WorkflowCatalog& workflows) {
  if (!table.headers.empty() || table.rows.empty()) return;
  const auto labels = kind == ImportKind::items ? all_field_labels(workflows) : std::vector<std::string>{};
  size_t chosen = 0;
  for (size_t i = 0; i < table.rows.size() && i < 10; ++i) {
    const HeaderMatch m = match_headers(kind, table.rows[i].cells, mapping, labels);
    size_t named = 0;
    for (const std::string& c : m.column_of) named += c.empty() ? 0 : 1;
    if (named >= 2) {
      chosen = i;
      break;
    }
  }
  table.headers = std::move(table.rows[chosen].cells);
  table.rows.erase(table.rows.begin(), table.rows.begin() + static_cast<std::ptrdiff_t>(chosen) + 1);
}

Result<ImportReport> preview_import(ImportReader& store, const ItemRules& rules,
                                    const Principal& who, ImportKind kind,
                                    const ImportTable& table, const ColumnMapping& mapping,
                                    TimePoint now) {
  auto planned = plan_import(store, rules, who, kind, table, mapping, now);
  if (!planned) return std::unexpected(planned.error());
  return std::move(planned->report);
}

Result<ImportReport> commit_import(StoreWriter& store, const ItemRules& rules,
                                   const Principal& who, ImportKind kind,
                                   const ImportTable& table, const ColumnMapping& mapping,
                                   TimePoint now) {
  auto planned = plan_import(store, rules, who, kind, table, mapping, now);
  if (!planned) return std::unexpected(planned.error());
  ImportReport& report = planned->report;
  if (!report.ok()) return std::move(report);  // all or none: none
  for (size_t i = 0; i < planned->creations.size(); ++i) {
    ImportRowOutcome& row = report.rows[i];
    if (auto* item = std::get_if<NewItem>(&planned->creations[i])) {
      auto created = create_item(store, rules, who, *item, now);
      // A row the preview passed but the command refuses ends the whole job: the writer rolls
      // back every row created before it.
      if (!created) {
        Error e = created.error();
        e.message = "第" + std::to_string(row.line) + "行：" + e.message;
        return std::unexpected(std::move(e));
      }
      row.id = created->id;
      store.link_import_key(ImportKind::items, row.key, created->id);
    } else if (auto* fund = std::get_if<NewFund>(&planned->creations[i])) {
      auto created = create_fund(store, who, *fund, now);
      if (!created) {
        Error e = created.error();
        e.message = "第" + std::to_string(row.line) + "行：" + e.message;
        return std::unexpected(std::move(e));
      }
      row.id = created->id;
      store.link_import_key(ImportKind::funds, row.key, created->id);
    }
  }
  report.committed = true;
  return std::move(report);
}

nlohmann::json to_json(const ImportReport& r) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& [header, column] : r.columns) columns.push_back({{"header", header}, {"column", column}});
  nlohmann::json rows = nlohmann::json::array();
  for (const ImportRowOutcome& row : r.rows) {
    nlohmann::json errors = nlohmann::json::array();
    for (const ImportProblem& p : row.errors) {
      errors.push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
    }
    rows.push_back({{"line", row.line},
                    {"key", row.key},
                    {"result", to_string(row.result)},
                    {"id", row.id ? nlohmann::json(*row.id) : nlohmann::json(nullptr)},
                    {"errors", errors}});
  }
  return {{"kind", to_string(r.kind)},
          {"committed", r.committed},
          {"columns", columns},
          {"unmatched", r.unmatched},
          {"missing", r.missing},
          {"counts", {{"create", r.to_create}, {"exists", r.existing}, {"error", r.errors}}},
          {"rows", rows}};
}

}  // namespace taizhang
