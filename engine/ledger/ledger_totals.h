// The read side of the ledger: an item's totals, summed from its postings (totals are never
// stored). For the guards (funds_allocated, fully_disbursed) and the views.
#pragma once

#include <cstdint>

#include "engine/ledger/entry.h"
#include "engine/ledger/ledger_store.h"

namespace taizhang {

// The item's totals over all its funds; zeros for an item with no entries.
LedgerTotals item_totals(LedgerReader& store, int64_t item_id);

}  // namespace taizhang
