// The ledger journal (资金记账流水) for auditors: every entry logged by the report's head, in the
// order it was made — allocations, disbursements and reversals — with the funds it touched, the
// signed amounts it posted, the payee and voucher, and which entry reverses which. Payee
// accounts are never printed.
#pragma once

#include <vector>

#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

const std::vector<Column>& ledger_journal_columns();
Result<void> ledger_journal_report(const ReportContext& ctx, SheetSink& sink);

}  // namespace taizhang
