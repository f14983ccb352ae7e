// 资金支出进度 (monthly, 截至YYYY年M月底): per fund (source, 文号, year) its 下达金额, what is allocated
// to items, what was paid out this month and in all, and the progress; then per unit. Only money
// paid to a payee counts as spent (disbursements); a reversal counts in the month it was made,
// against the month's spending, never by rewriting an earlier month.
#pragma once

#include <vector>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

const std::vector<Column>& spending_columns();

// Fund rows' 支出进度 is spent over 下达金额; unit rows' is spent over allocated. A report for
// the whole township lists every fund logged by the head; one for a village lists only the funds
// allocated to it, with only its own allocations and spending.
Result<void> spending_report(const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
