#include "engine/report/spending_report.h"

#include <map>

#include "engine/report/report_rows.h"

namespace taizhang {

namespace {

enum Col : size_t {
  kSeq, kName, kSource, kDocNo, kYear, kIssued, kAllocated, kMonth, kSpent, kUnspent, kProgress,
  kColumns
};

struct Spending {
  int64_t allocated_fen = 0, month_fen = 0, spent_fen = 0;
  bool touched = false;  // a posting in scope reached it
  void add(const Spending& o) {
    allocated_fen += o.allocated_fen;
    month_fen += o.month_fen;
    spent_fen += o.spent_fen;
  }
};

void money_cells(std::vector<Cell>& cells, const Spending& s, int64_t progress_base_fen) {
  cells[kAllocated] = Cell::of_fen(s.allocated_fen);
  cells[kMonth] = Cell::of_fen(s.month_fen);
  cells[kSpent] = Cell::of_fen(s.spent_fen);
  cells[kUnspent] = Cell::of_fen(s.allocated_fen - s.spent_fen);
  cells[kProgress] = Cell::of_percent_bp(progress_bp(s.spent_fen, progress_base_fen));
}

}  // namespace

const std::vector<Column>& spending_columns() {
  static const std::vector<Column> columns = {
      {"", "序号", CellKind::integer, 6},          {"", "资金名称／单位", CellKind::text, 34},
      {"", "资金来源", CellKind::text, 20},        {"", "文号", CellKind::text, 24},
      {"", "年度", CellKind::integer, 7},          {"", "下达金额", CellKind::amount_fen, 15},
      {"", "已分配", CellKind::amount_fen, 15},    {"", "本月支出", CellKind::amount_fen, 15},
      {"", "累计实际支出", CellKind::amount_fen, 15}, {"", "未支出", CellKind::amount_fen, 15},
      {"", "支出进度", CellKind::percent_bp, 9}};
  return columns;
}

Result<void> spending_report(const ReportContext& ctx, SheetSink& sink) {
  const std::map<int64_t, Fund> funds = funds_as_of(ctx);
  const std::string month_start = ctx.as_of.substr(0, 8) + "01";
  std::map<int64_t, Spending> by_fund, by_unit;
  ctx.store.postings_as_of(ctx.head.seq, [&](const PostingLine& p) {
    if (!ctx.covers(p.org_id)) return;
    const bool this_month = p.at.substr(0, 10) >= month_start;
    for (Spending* s : {&by_fund[p.fund_id], &by_unit[p.org_id]}) {
      s->touched = true;
      s->allocated_fen += p.allocated_fen;
      s->spent_fen += p.disbursed_fen;
      if (this_month) s->month_fen += p.disbursed_fen;
    }
  });

  SheetHead head = report_head(ctx, "资金支出进度", "扶贫资金支出进度表", spending_columns());
  sink.begin(head);
  const bool whole_township = ctx.unit->kind != "village";

  std::vector<Cell> heading(kColumns);
  heading[kName] = Cell::of_text("一、分资金");
  sink.row(RowKind::heading, heading);
  Spending fund_sum;
  int64_t issued_sum = 0, n = 0;
  for (const auto& [id, fund] : funds) {
    const Spending& s = by_fund[id];
    if (!whole_township && !s.touched) continue;
    std::vector<Cell> cells(kColumns);
    cells[kSeq] = Cell::of_integer(++n);
    cells[kName] = Cell::of_text(fund.name);
    cells[kSource] = Cell::of_text(std::string(chinese_name(fund.source)));
    cells[kDocNo] = text_cell(fund.doc_no);
    cells[kYear] = Cell::of_integer(fund.year);
    cells[kIssued] = Cell::of_fen(fund.amount_fen);
    money_cells(cells, s, fund.amount_fen);
    sink.row(RowKind::detail, cells);
    fund_sum.add(s);
    issued_sum += fund.amount_fen;
  }
  std::vector<Cell> fund_total(kColumns);
  fund_total[kName] = Cell::of_text("资金小计");
  fund_total[kIssued] = Cell::of_fen(issued_sum);
  money_cells(fund_total, fund_sum, issued_sum);
  sink.row(RowKind::subtotal, fund_total);

  heading[kName] = Cell::of_text("二、分村");
  sink.row(RowKind::heading, heading);
  Spending unit_sum;
  n = 0;
  for (const OrgUnit& unit : ctx.orgs.units()) {
    if (!ctx.covers(unit.id)) continue;
    const Spending& s = by_unit[unit.id];
    if (!s.touched && unit.kind != "village") continue;
    std::vector<Cell> cells(kColumns);
    cells[kSeq] = Cell::of_integer(++n);
    cells[kName] = Cell::of_text(unit.name);
    money_cells(cells, s, s.allocated_fen);
    sink.row(RowKind::detail, cells);
    unit_sum.add(s);
  }
  std::vector<Cell> total(kColumns);
  total[kName] = Cell::of_text("合计");
  money_cells(total, unit_sum, unit_sum.allocated_fen);
  sink.row(RowKind::total, total);
  return sink.end();
}

}  // namespace taizhang
