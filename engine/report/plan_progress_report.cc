#include "engine/report/plan_progress_report.h"

#include <map>

#include "engine/report/report_rows.h"

namespace taizhang {

namespace {

enum Col : size_t {
  kSeq, kPath, kTask, kUnit, kTimeNode, kStart, kDue, kStage, kDone, kOverdue, kResponsible,
  kColumns
};

// The top section of a plan path: "四、(三)、2." → "四".
std::string top_section(const std::string& path) {
  const auto cut = path.find("、");
  return cut == std::string::npos ? path : path.substr(0, cut);
}

}  // namespace

const std::vector<Column>& plan_progress_columns() {
  static const std::vector<Column> columns = {
      {"", "序号", CellKind::integer, 6},      {"", "方案条目", CellKind::text, 14},
      {"", "任务", CellKind::text, 44},        {"", "责任单位", CellKind::text, 10},
      {"", "时间节点", CellKind::text, 22},    {"", "开始日期", CellKind::date, 11},
      {"", "到期日", CellKind::date, 11},      {"", "当前阶段", CellKind::text, 10},
      {"", "是否完成", CellKind::text, 8},     {"", "逾期天数", CellKind::integer, 8},
      {"", "责任人", CellKind::text, 12}};
  return columns;
}

Result<void> plan_progress_report(const ReportContext& ctx, SheetSink& sink) {
  // Sections in the order their first task appears; tasks within them in item order (the order
  // the plan was imported in).
  std::vector<std::string> section_order;
  std::map<std::string, std::vector<std::vector<Cell>>> sections;
  PeopleNames people;
  size_t tasks = 0;
  bool too_many = false;
  for (const OrgUnit& unit : ctx.orgs.units()) {
    if (!ctx.covers(unit.id)) continue;
    ctx.store.items_as_of(ctx.head.seq, unit.id, std::string("plan_task"), [&](ItemAsOf&& at) {
      if (++tasks > kMaxPlanTasks) {
        too_many = true;
        return false;
      }
      const WorkItem& item = at.item;
      const nlohmann::json& f = item.fields;
      std::vector<Cell> cells(kColumns);
      cells[kPath] = first_text(f, "plan_path", f, "");
      cells[kTask] = Cell::of_text(item.title);
      cells[kUnit] = Cell::of_text(unit.name);
      cells[kTimeNode] = first_text(f, "time_expression", f, "");
      if (item.deadline && cells[kTimeNode].kind == CellKind::empty) {
        cells[kTimeNode] = Cell::of_text(*item.deadline);
      }
      if (auto start = f.find("start_on"); start != f.end() && start->is_string()) {
        cells[kStart] = Cell::of_date(start->get<std::string>());
      }
      if (item.due_on) cells[kDue] = Cell::of_date(*item.due_on);
      cells[kStage] = text_cell(stage_name(ctx, item));
      const bool closed = is_closed(ctx, item);
      cells[kDone] = Cell::of_text(closed ? "是" : "否");
      if (!closed && item.due_on && *item.due_on < ctx.as_of) {
        cells[kOverdue] = Cell::of_integer(days_overdue(*item.due_on, ctx.as_of));
      }
      if (item.responsible_id) {
        cells[kResponsible] = text_cell(people.of(ctx.store, *item.responsible_id));
      }
      const std::string section = top_section(cells[kPath].text);
      if (!sections.contains(section)) section_order.push_back(section);
      sections[section].push_back(std::move(cells));
      return true;
    });
    if (too_many) {
      return fail(ErrorCode::invalid_field,
                  "more than 100,000 plan tasks: export a smaller unit", "org");
    }
  }

  SheetHead head = report_head(ctx, "任务进度", "工作方案任务进度表", plan_progress_columns());
  head.has_money = false;
  sink.begin(head);
  int64_t n = 0, done = 0, late = 0;
  for (const std::string& section : section_order) {
    std::vector<Cell> heading(kColumns);
    heading[kPath] = Cell::of_text(section.empty() ? "（未注明条目）" : section + "、");
    sink.row(RowKind::heading, heading);
    for (auto& cells : sections[section]) {
      cells[kSeq] = Cell::of_integer(++n);
      if (cells[kDone].text == "是") ++done;
      if (cells[kOverdue].kind == CellKind::integer) ++late;
      sink.row(RowKind::detail, cells);
    }
  }
  std::vector<Cell> total(kColumns);
  total[kPath] = Cell::of_text("合计");
  total[kTask] = Cell::of_text("共" + std::to_string(n) + "项，已完成" + std::to_string(done) +
                               "项，逾期" + std::to_string(late) + "项");
  sink.row(RowKind::total, total);
  return sink.end();
}

}  // namespace taizhang
