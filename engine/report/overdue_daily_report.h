// 逾期预警日报 as a sheet: the morning report (engine/alerts/overdue_report.h) as of the end of a
// past day, from the items as the audit log held them then: every open item due within the
// due-soon window or past its due date, by unit, the most overdue first.
#pragma once

#include <vector>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

const std::vector<Column>& overdue_daily_columns();
Result<void> overdue_daily_report(const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
