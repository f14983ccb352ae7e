// The 台账 reports by name, as the CLI (`taizhang export KIND`) and the API
// (`GET /api/v1/exports/KIND`) name them.
#pragma once

#include <optional>
#include <string_view>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

enum class ReportKind {
  fund_ledger,    // "ledger": 扶贫项目资金台账
  spending,       // "spending": 资金支出进度
  plan_progress,  // "plan": 工作方案任务进度表
  overdue,        // "overdue": 逾期预警日报
  journal,        // "journal": 记账流水
};

std::optional<ReportKind> parse_report_kind(std::string_view name);
std::string_view to_string(ReportKind kind);
// "ledger, spending, plan, overdue, journal": for messages naming what is accepted.
std::string_view report_kind_names();
// The file name a download is offered under, e.g. "扶贫项目资金台账".
std::string_view chinese_name(ReportKind kind);

// Streams the report into the sink.
Result<void> run_report(ReportKind kind, const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
