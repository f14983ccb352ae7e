#include "engine/report/overdue_daily_report.h"

#include <algorithm>
#include <map>

#include "engine/report/report_rows.h"

namespace taizhang {

namespace {

enum Col : size_t {
  kSeq, kUnit, kItem, kTitle, kWorkflow, kStage, kDue, kDays, kLevel, kResponsible, kColumns
};

struct Late {
  int days = 0;
  int64_t item_id = 0;
  std::vector<Cell> cells;
};

}  // namespace

const std::vector<Column>& overdue_daily_columns() {
  static const std::vector<Column> columns = {
      {"", "序号", CellKind::integer, 6},  {"", "单位", CellKind::text, 10},
      {"", "编号", CellKind::integer, 8},  {"", "事项", CellKind::text, 40},
      {"", "类别", CellKind::text, 14},    {"", "阶段", CellKind::text, 14},
      {"", "到期日", CellKind::date, 11},  {"", "逾期天数（负数为剩余天数）", CellKind::integer, 12},
      {"", "预警级别", CellKind::text, 10}, {"", "责任人", CellKind::text, 12}};
  return columns;
}

Result<void> overdue_daily_report(const ReportContext& ctx, SheetSink& sink) {
  SheetHead head = report_head(ctx, "逾期预警日报", "逾期预警日报", overdue_daily_columns());
  head.title = ctx.unit->name + "逾期预警日报（" + ctx.as_of + "）";
  head.has_money = false;
  sink.begin(head);
  PeopleNames people;
  int64_t n = 0, late_total = 0;
  for (const OrgUnit& unit : ctx.orgs.units()) {
    if (!ctx.covers(unit.id)) continue;
    std::vector<Late> rows;
    ctx.store.items_as_of(ctx.head.seq, unit.id, std::nullopt, [&](ItemAsOf&& at) {
      const WorkItem& item = at.item;
      if (!item.due_on || is_closed(ctx, item)) return true;
      const auto levels = levels_due(*item.due_on, ctx.as_of, ctx.policy);
      if (levels.empty()) return true;
      Late late{days_overdue(*item.due_on, ctx.as_of), item.id, std::vector<Cell>(kColumns)};
      std::vector<Cell>& cells = late.cells;
      cells[kUnit] = Cell::of_text(unit.name);
      cells[kItem] = Cell::of_integer(item.id);
      cells[kTitle] = Cell::of_text(item.title);
      cells[kWorkflow] = text_cell(workflow_name(ctx, item));
      cells[kStage] = text_cell(stage_name(ctx, item));
      cells[kDue] = Cell::of_date(*item.due_on);
      cells[kDays] = Cell::of_integer(late.days);
      cells[kLevel] = Cell::of_text(std::string(chinese_name(levels.back())));
      if (item.responsible_id) {
        cells[kResponsible] = text_cell(people.of(ctx.store, *item.responsible_id));
      }
      rows.push_back(std::move(late));
      return true;
    });
    if (rows.empty()) continue;
    std::sort(rows.begin(), rows.end(), [](const Late& a, const Late& b) {
      return a.days != b.days ? a.days > b.days : a.item_id < b.item_id;
    });
    const auto late = std::count_if(rows.begin(), rows.end(), [](const Late& r) { return r.days > 0; });
    std::vector<Cell> heading(kColumns);
    heading[kUnit] = Cell::of_text("【" + unit.name + "】" + std::to_string(rows.size()) +
                                   "项，其中逾期" + std::to_string(late) + "项");
    sink.row(RowKind::heading, heading);
    for (Late& r : rows) {
      r.cells[kSeq] = Cell::of_integer(++n);
      sink.row(RowKind::detail, r.cells);
    }
    late_total += late;
  }
  std::vector<Cell> total(kColumns);
  total[kUnit] = Cell::of_text("合计");
  total[kTitle] = Cell::of_text("共" + std::to_string(n) + "项，其中逾期" +
                                std::to_string(late_total) + "项");
  sink.row(RowKind::total, total);
  return sink.end();
}

}  // namespace taizhang
