// JSON views of funds and ledger entries for the staff API.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/ledger/entry.h"
#include "engine/ledger/fund.h"
#include "engine/storage/store.h"

namespace taizhang::api {

// The fund with its totals: amount_fen, allocated_fen, disbursed_fen, remaining_fen (left to
// allocate).
nlohmann::json fund_json(const Fund& fund, const FundTotals& totals);
nlohmann::json entry_json(const LedgerEntry& entry);
// GET /api/v1/items/{id}/ledger: every entry, the item's totals and its totals per fund.
nlohmann::json item_ledger_json(StoreReader& store, int64_t item_id);

}  // namespace taizhang::api
