#include "engine/report/fund_ledger_report.h"

#include <array>
#include <map>

#include "engine/ledger/fund.h"
#include "engine/report/report_rows.h"

namespace taizhang {

namespace {

constexpr size_t kSources = 7;
constexpr std::array<FundSource, kSources> kSourceOrder = {
    FundSource::central, FundSource::region,     FundSource::city,  FundSource::county,
    FundSource::guangdong_cooperation, FundSource::integrated, FundSource::social};
constexpr std::array<const char*, kSources> kSourceShort = {"中央", "自治区", "市", "县",
                                                            "粤桂协作", "统筹整合", "社会帮扶"};

enum Col : size_t {
  kSeq, kUnit, kName, kCategory, kLocation, kContent, kPeriod, kImplementer, kBudget,
  kSourceFirst, kDocNo = kSourceFirst + kSources, kAllocated, kDisbursed, kRemaining, kProgress,
  kHouseholds, kPeople, kTarget, kMechanism, kBeforeNotice, kAfterNotice, kAccepted, kStage,
  kNote, kColumns
};

// The sums a 小计 or the 合计 carries.
struct Sums {
  int64_t budget_fen = 0;
  std::array<int64_t, kSources> by_source{};
  int64_t allocated_fen = 0, disbursed_fen = 0;
  int64_t households = 0, people = 0;

  void add(const Sums& o) {
    budget_fen += o.budget_fen;
    for (size_t i = 0; i < kSources; ++i) by_source[i] += o.by_source[i];
    allocated_fen += o.allocated_fen;
    disbursed_fen += o.disbursed_fen;
    households += o.households;
    people += o.people;
  }
};

std::vector<Cell> sums_row(const std::string& label, const Sums& s) {
  std::vector<Cell> cells(kColumns);
  cells[kUnit] = Cell::of_text(label);
  cells[kBudget] = Cell::of_fen(s.budget_fen);
  for (size_t i = 0; i < kSources; ++i) cells[kSourceFirst + i] = Cell::of_fen(s.by_source[i]);
  cells[kAllocated] = Cell::of_fen(s.allocated_fen);
  cells[kDisbursed] = Cell::of_fen(s.disbursed_fen);
  cells[kRemaining] = Cell::of_fen(s.allocated_fen - s.disbursed_fen);
  cells[kProgress] = Cell::of_percent_bp(progress_bp(s.disbursed_fen, s.allocated_fen));
  cells[kHouseholds] = Cell::of_integer(s.households);
  cells[kPeople] = Cell::of_integer(s.people);
  return cells;
}

bool is_project_workflow(const std::string& workflow) {
  return workflow != "plan_task" && workflow != "rectification";
}

}  // namespace

const std::vector<Column>& fund_ledger_columns() {
  static const std::vector<Column> columns = [] {
    std::vector<Column> c = {
        {"", "序号", CellKind::integer, 6},        {"", "村", CellKind::text, 10},
        {"", "项目名称", CellKind::text, 28},      {"", "项目类别", CellKind::text, 14},
        {"", "建设地点", CellKind::text, 14},      {"", "建设内容及规模", CellKind::text, 28},
        {"", "实施期限", CellKind::text, 14},      {"", "实施单位及责任人", CellKind::text, 18},
        {"", "计划投资", CellKind::amount_fen, 14}};
    for (const char* s : kSourceShort) c.push_back({"资金来源", s, CellKind::amount_fen, 13});
    c.push_back({"资金来源", "文号", CellKind::text, 26});
    for (Column col : std::vector<Column>{
             {"", "已分配", CellKind::amount_fen, 14},
             {"", "已拨付（实际支出）", CellKind::amount_fen, 14},
             {"", "结余", CellKind::amount_fen, 14},
             {"", "支出进度", CellKind::percent_bp, 9},
             {"", "受益户数", CellKind::integer, 8},
             {"", "受益人数", CellKind::integer, 8},
             {"", "绩效目标", CellKind::text, 22},
             {"", "带贫减贫机制", CellKind::text, 22},
             {"", "事前公示", CellKind::date, 11},
             {"", "事后公告", CellKind::date, 11},
             {"", "验收日期", CellKind::date, 11},
             {"", "当前阶段", CellKind::text, 12},
             {"", "备注", CellKind::text, 20}}) {
      c.push_back(std::move(col));
    }
    return c;
  }();
  return columns;
}

Result<void> fund_ledger_report(const ReportContext& ctx, SheetSink& sink) {
  static_assert(kColumns == 30, "the 台账 has 30 columns");
  const std::map<int64_t, Fund> funds = funds_as_of(ctx);
  SheetHead head = report_head(ctx, "资金台账", "扶贫项目资金台账", fund_ledger_columns());
  sink.begin(head);

  Sums total;
  int64_t seq_no = 0;
  for (const OrgUnit& unit : ctx.orgs.units()) {
    if (!ctx.covers(unit.id)) continue;
    Sums sub;
    int64_t rows = 0;
    ctx.store.items_as_of(ctx.head.seq, unit.id, std::nullopt, [&](ItemAsOf&& at) {
      const WorkItem& item = at.item;
      const auto totals = ctx.store.item_fund_totals_as_of(item.id, ctx.head.seq);
      Sums s;
      std::string doc_nos;
      for (const auto& [fund_id, t] : totals) {
        s.allocated_fen += t.allocated_fen;
        s.disbursed_fen += t.disbursed_fen;
        auto f = funds.find(fund_id);
        if (f == funds.end()) continue;
        for (size_t i = 0; i < kSources; ++i) {
          if (kSourceOrder[i] == f->second.source) s.by_source[i] += t.allocated_fen;
        }
        if (t.allocated_fen == 0) continue;
        const std::string entry =
            std::string(kSourceShort[static_cast<size_t>(f->second.source)]) + "：" + f->second.doc_no;
        if (doc_nos.find(entry) == std::string::npos) doc_nos += (doc_nos.empty() ? "" : "；") + entry;
      }
      if (!is_project_workflow(item.workflow) && s.allocated_fen == 0) return true;
      const ItemNotices notices = item_notices_as_of(ctx, item.id);
      const nlohmann::json& c = notices.contents;
      const nlohmann::json& f = item.fields;

      std::vector<Cell> cells(kColumns);
      cells[kSeq] = Cell::of_integer(++seq_no);
      cells[kUnit] = Cell::of_text(unit.name);
      cells[kName] = Cell::of_text(item.title);
      cells[kCategory] = text_cell(workflow_name(ctx, item));
      cells[kLocation] = first_text(c, "location", f, "natural_village");
      cells[kContent] = first_text(c, "content", f, "");
      cells[kPeriod] = first_text(c, "implementation_period", f, "");
      cells[kImplementer] = first_text(c, "implementer", f, "contractor");
      if (item.budget_fen) {
        cells[kBudget] = Cell::of_fen(*item.budget_fen);
        s.budget_fen = *item.budget_fen;
      }
      for (size_t i = 0; i < kSources; ++i) {
        if (s.by_source[i] != 0) cells[kSourceFirst + i] = Cell::of_fen(s.by_source[i]);
      }
      cells[kDocNo] = text_cell(doc_nos);
      cells[kAllocated] = Cell::of_fen(s.allocated_fen);
      cells[kDisbursed] = Cell::of_fen(s.disbursed_fen);
      cells[kRemaining] = Cell::of_fen(s.allocated_fen - s.disbursed_fen);
      if (s.allocated_fen > 0) {
        cells[kProgress] = Cell::of_percent_bp(progress_bp(s.disbursed_fen, s.allocated_fen));
      }
      cells[kHouseholds] = first_integer(c, "beneficiary_households", f, "households");
      cells[kPeople] = first_integer(c, "beneficiary_people", f, "");
      s.households = cells[kHouseholds].number;
      s.people = cells[kPeople].number;
      cells[kTarget] = first_text(c, "performance_target", f, "");
      cells[kMechanism] = first_text(c, "poverty_mechanism", f, "");
      if (notices.before_on) cells[kBeforeNotice] = Cell::of_date(*notices.before_on);
      if (notices.after_on) cells[kAfterNotice] = Cell::of_date(*notices.after_on);
      if (auto accepted = accepted_on(at)) cells[kAccepted] = Cell::of_date(*accepted);
      cells[kStage] = text_cell(stage_name(ctx, item));
      cells[kNote] = first_text(f, "note", f, "");
      sink.row(RowKind::detail, cells);
      sub.add(s);
      ++rows;
      return true;
    });
    if (rows == 0) continue;
    sink.row(RowKind::subtotal, sums_row(unit.name + "小计", sub));
    total.add(sub);
  }
  sink.row(RowKind::total, sums_row("合计", total));
  return sink.end();
}

}  // namespace taizhang
