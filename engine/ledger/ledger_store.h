// What the fund ledger needs from a database: funds, entries with their postings, and totals
// summed from the postings (never stored). Entries are append-only: no update, no delete.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/access/access_store.h"
#include "engine/audit/audit_store.h"
#include "engine/items/item_store.h"
#include "engine/ledger/entry.h"
#include "engine/ledger/fund.h"

namespace taizhang {

struct FundQuery {
  std::optional<int> year;
  std::optional<FundSource> source;
  int64_t after_id = 0;
  int limit = 50;
};

// Totals of one fund on one item, or of everything posted to one unit's items.
struct KeyedTotals {
  int64_t key = 0;  // an item id, a fund id or an org id, as the query says
  LedgerTotals totals;
};

class LedgerReader : public virtual ItemReader, public virtual AccessReader {
 public:
  // nullopt when there is no fund `id`.
  virtual std::optional<Fund> fund(int64_t id) = 0;
  // At most query.limit funds matching the query, in id order after query.after_id; empty when
  // there are no more.
  virtual std::vector<Fund> funds(const FundQuery& query) = 0;
  // Sums over the fund's postings; zeros for a fund with none (or no such fund).
  virtual FundTotals fund_totals(int64_t fund_id) = 0;

  // Entries come with their postings and reversed_by. nullopt when there is no entry `id`.
  virtual std::optional<LedgerEntry> ledger_entry(int64_t id) = 0;
  // The disbursement first made with this Idempotency-Key; nullopt when the key is unused.
  virtual std::optional<LedgerEntry> entry_by_idempotency_key(std::string_view key) = 0;
  // At most `limit` entries of the item with id > after_id, in id order; empty when there are
  // no more (or no such item).
  virtual std::vector<LedgerEntry> item_ledger(int64_t item_id, int64_t after_id, int limit) = 0;
  // At most `limit` entries of every item with id > after_id, in id order (`audit verify`);
  // empty past the last.
  virtual std::vector<LedgerEntry> ledger_entries(int64_t after_id, int limit) = 0;
  // The item's totals per fund (funds it was ever allocated from), in fund id order; an item
  // has at most as many as there are funds, each of which it was allocated from. A fund whose
  // allocations were all reversed stays, with zeros. Empty for an item never allocated to.
  virtual std::vector<std::pair<int64_t, LedgerTotals>> item_fund_totals(int64_t item_id) = 0;
  // The fund's totals per item (items it was ever allocated to), at most `limit` with item id >
  // after_item_id, in item id order: key = item id; empty when there are no more.
  virtual std::vector<KeyedTotals> fund_item_totals(int64_t fund_id, int64_t after_item_id,
                                                    int limit) = 0;
  // 支出进度 as of the end of a day (YYYY-MM-DD, Asia/Shanghai): the postings of entries made on
  // or before it (by the entry's `at`, not its audit seq), summed per fund (key = fund id, fund
  // id order; funds without postings by then are left out) …
  virtual std::vector<KeyedTotals> totals_by_fund_as_of(std::string_view date) = 0;
  // … and per unit of the items (key = org id, org id order; likewise only units with postings).
  virtual std::vector<KeyedTotals> totals_by_org_as_of(std::string_view date) = 0;
};

// Needs a write job. Rows carry their id (from next_id) and audit_seq. The checks (what a fund
// or an item has left) are the commands' (engine/ledger/ledger_commands.h); what the schema
// refuses — an id already stored, an entry reversed twice, an Idempotency-Key used twice, an
// amount outside 1..10^13 — throws StorageFailure.
class LedgerWriter : public virtual LedgerReader, public virtual AuditWriter {
 public:
  virtual void insert_fund(const Fund& fund) = 0;
  virtual void insert_ledger_entry(const LedgerEntry& entry) = 0;  // with its postings
};

}  // namespace taizhang
