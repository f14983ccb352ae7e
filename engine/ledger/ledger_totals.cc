#include "engine/ledger/ledger_totals.h"

namespace taizhang {

LedgerTotals item_totals(LedgerReader& store, int64_t item_id) {
  LedgerTotals total;
  for (const auto& [fund_id, t] : store.item_fund_totals(item_id)) {
    total.allocated_fen += t.allocated_fen;
    total.disbursed_fen += t.disbursed_fen;
  }
  return total;
}

}  // namespace taizhang
