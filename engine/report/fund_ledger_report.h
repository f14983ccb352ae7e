// 扶贫项目资金台账: one row per project item, grouped by unit (in organisation order) with a 小计
// row after each unit and a 合计 row at the end. Columns come from what the system holds: the
// item (title, workflow, budget, stage, fields), its ledger as of the report's head (allocated by
// fund source, with the funds' 文号; disbursed to payees; what is left), and its latest notice
// (location, contents, implementer, period, performance target, beneficiaries, poverty
// mechanism; the 事前公示 and 事后公告 dates). A cell whose source the item lacks stays empty.
#pragma once

#include <vector>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

// The columns of the 台账, in order (资金来源 is the one two-level group).
const std::vector<Column>& fund_ledger_columns();

// Streams the 台账 into `sink`: begin, the rows, end. Items of the plan's own tasks and of
// rectifications appear only when money was allocated to them: the 台账 is of projects and
// funds; the 任务进度表 lists the tasks.
Result<void> fund_ledger_report(const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
