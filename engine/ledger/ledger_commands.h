// Changes to the fund ledger, as write jobs. The writer runs one job at a time inside its
// transaction, so each check below (the fund has enough left, the item has enough allocated,
// the key is unused) and the entry it admits are one indivisible step under any concurrency;
// the stored totals can never pass the bounds.
//
// Who: finance and admin write; a scoped user only on items of their units. Every change appends
// its audit record in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/base/amount.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/ledger/entry.h"
#include "engine/ledger/fund.h"
#include "engine/access/principal.h"
#include "engine/ledger/ledger_store.h"

namespace taizhang {

inline constexpr size_t kMaxLedgerTextBytes = 600;   // names, payees, 文号, vouchers: 200 汉字
inline constexpr size_t kMaxLedgerNoteBytes = 2000;
inline constexpr size_t kMaxIdempotencyKeyBytes = 128;

struct NewFund {
  std::string name;
  FundSource source = FundSource::county;
  std::string doc_no;
  int year = 0;
  int64_t amount_fen = 0;
};

struct NewAllocation {
  int64_t fund_id = 0;
  int64_t amount_fen = 0;
  std::optional<std::string> note;
};

struct NewDisbursement {
  int64_t amount_fen = 0;
  std::string payee;
  std::string voucher_no;
  std::optional<std::string> note;
  std::optional<std::string> payee_account;
  std::string idempotency_key;
};

// What a disbursement request returns: the entry, and whether it is the original answer to a
// retried request (nothing was paid this time).
struct DisbursementResult {
  LedgerEntry entry;
  bool replayed = false;
};

// Errors: forbidden (not finance or admin), invalid_field (`name` or `doc_no` blank or over
// kMaxLedgerTextBytes; `year` outside 2000..2100; `amount_fen` outside 1..10^13).
Result<Fund> create_fund(LedgerWriter& store, const Principal& who, const NewFund& request,
                         TimePoint now);

// Errors: forbidden (not finance or admin), not_found (no such item, or outside `who`'s scope:
// "access.denied" recorded and committed), conflict (the item is closed), invalid_field
// (`amount_fen` outside 1..10^13; `note` blank or over kMaxLedgerNoteBytes; `fund_id` names no
// fund), insufficient_fund (the fund's allocations would pass its amount).
Result<LedgerEntry> allocate(LedgerWriter& store, const Principal& who, int64_t item_id,
                             const NewAllocation& request, TimePoint now);

// over_allocation when the item's net disbursements would pass its allocations. The amount is
// drawn from the item's funds oldest first (by fund id), each up to what it has
// left on the item. The same key with the same request returns the first entry (replayed); with
// another request, idempotency_conflict naming what differs.
// Errors: forbidden (not finance or admin), invalid_field (`Idempotency-Key` empty, over 128
// bytes or not printable ASCII; `amount_fen`; `payee`, `voucher_no` blank or over
// kMaxLedgerTextBytes; `note`, `payee_account` blank or too long when given),
// idempotency_conflict (the key was used for another request, or on an item outside `who`'s
// scope: then nothing about it is told), not_found (no such item, or outside `who`'s scope:
// recorded), conflict (the item is closed), over_allocation.
Result<DisbursementResult> disburse(LedgerWriter& store, const Principal& who, int64_t item_id,
                                    const NewDisbursement& request, TimePoint now);

// Appends the entry that undoes `entry_id` (an allocation or a disbursement, as `expected`
// says — the API path names which). An entry is reversed at most once (conflict); reversing an
// allocation the item has already paid out is over_allocation.
// Errors: forbidden (not finance or admin), not_found (no entry `entry_id` of kind `expected`,
// or its item outside `who`'s scope: "access.denied" recorded and committed), invalid_field
// (`reason` blank or over kMaxLedgerNoteBytes), conflict (reversed already), over_allocation
// (allocations only). A closed item's entries may still be reversed.
Result<LedgerEntry> reverse_entry(LedgerWriter& store, const Principal& who, int64_t entry_id,
                                  EntryKind expected, const std::string& reason, TimePoint now);

}  // namespace taizhang
