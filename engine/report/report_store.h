// What the 台账 reports need from a database: the state of items, ledger and notices as of an
// audit sequence number. Every row the reports read carries the seq of its audit record, so
// "as of seq S" means "rows whose record is at or before S" — the same answer tomorrow as today,
// because the ledger, the history and the audit log are append-only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/items/item.h"
#include "engine/ledger/entry.h"
#include "engine/notice/notice_store.h"

namespace taizhang {

// One posting with what the reports group it by.
struct PostingLine {
  int64_t entry_id = 0;
  int64_t item_id = 0;
  int64_t org_id = 0;   // the item's unit
  int64_t fund_id = 0;
  std::string at;       // when the entry was made (RFC 3339, +08:00)
  int64_t allocated_fen = 0;  // signed
  int64_t disbursed_fen = 0;  // signed
};

// An item as its last audit record at or before a seq logged it, with its history lines up to
// that seq (oldest first).
struct ItemAsOf {
  WorkItem item;
  std::vector<HistoryEntry> history;
};

class ReportReader : public virtual NoticeReader {
 public:
  // The last audit record whose `at` is before `before_at` (RFC 3339 text in +08:00, compared as
  // stored); seq 0 and the genesis hash when there is none.
  virtual AuditHead audit_head_before(std::string_view before_at) = 0;
  // Calls fn for every item of unit `org_id` (and of `workflow`, when given) that existed at
  // `seq`, in id order, with its state as logged at or before `seq`. Stops early when fn returns
  // false. Never calls fn when there is none (or no such unit). A history line whose audit
  // record is missing, or holds no item, throws StorageFailure.
  virtual void items_as_of(int64_t seq, int64_t org_id, const std::optional<std::string>& workflow,
                           const std::function<bool(ItemAsOf&&)>& fn) = 0;
  // The item's totals per fund from entries logged at or before `seq`, in fund id order; empty
  // when there are none.
  virtual std::vector<std::pair<int64_t, LedgerTotals>> item_fund_totals_as_of(int64_t item_id,
                                                                               int64_t seq) = 0;
  // Calls fn for every posting of an entry logged at or before `seq`, in (entry id, fund id)
  // order; never when there are none.
  virtual void postings_as_of(int64_t seq, const std::function<void(const PostingLine&)>& fn) = 0;
};

}  // namespace taizhang
