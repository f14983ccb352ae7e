// 工作方案任务进度表: the work plan's tasks (plan_task items) by the section of the plan they come
// from, each with its 时间节点 as the plan words it, its dates, its stage and, while open, the
// days it is overdue as of the report's day.
#pragma once

#include <vector>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

// At most this many tasks in one report: a plan has dozens to hundreds.
inline constexpr size_t kMaxPlanTasks = 100'000;

const std::vector<Column>& plan_progress_columns();
Result<void> plan_progress_report(const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
