#include "engine/report/report_kind.h"

#include "engine/report/fund_ledger_report.h"
#include "engine/report/ledger_journal_report.h"
#include "engine/report/overdue_daily_report.h"
#include "engine/report/plan_progress_report.h"
#include "engine/report/spending_report.h"

namespace taizhang {

namespace {

struct KindName {
  ReportKind kind;
  std::string_view name;
  std::string_view chinese;
};

constexpr KindName kKinds[] = {
    {ReportKind::fund_ledger, "ledger", "扶贫项目资金台账"},
    {ReportKind::spending, "spending", "资金支出进度"},
    {ReportKind::plan_progress, "plan", "工作方案任务进度表"},
    {ReportKind::overdue, "overdue", "逾期预警日报"},
    {ReportKind::journal, "journal", "资金记账流水"},
};

}  // namespace

std::optional<ReportKind> parse_report_kind(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

std::string_view to_string(ReportKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "";
}

std::string_view report_kind_names() { return "ledger, spending, plan, overdue, journal"; }

std::string_view chinese_name(ReportKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.chinese;
  }
  return "";
}

Result<void> run_report(ReportKind kind, const ReportContext& ctx, SheetSink& sink) {
  switch (kind) {
    case ReportKind::fund_ledger: return fund_ledger_report(ctx, sink);
    case ReportKind::spending: return spending_report(ctx, sink);
    case ReportKind::plan_progress: return plan_progress_report(ctx, sink);
    case ReportKind::overdue: return overdue_daily_report(ctx, sink);
    case ReportKind::journal: return ledger_journal_report(ctx, sink);
  }
  return fail(ErrorCode::invalid_field, "unknown report kind", "kind");
}

}  // namespace taizhang
