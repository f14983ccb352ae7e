// The fund ledger's part of `audit verify`: replaying the log's fund, ledger, notice and
// objection records recomputes every total from the log alone, checks at each entry that no
// fund was over-allocated and no item overpaid, and then holds the database to it: every stored
// fund, entry, notice and objection must equal its last logged snapshot, every total must equal
// the replayed one, and nothing logged may be missing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "engine/audit/chain.h"
#include "engine/ledger/entry.h"
#include "engine/storage/store.h"
#include "engine/verify/logged_rows.h"

namespace taizhang {

struct LedgerCheckCounts {
  int64_t funds = 0;
  int64_t entries = 0;
  int64_t notices = 0;
};

class LedgerReplay {
 public:
  // Feeds one record whose link already verified; returns what is wrong, if the record breaks
  // a rule of the ledger (a fund past its amount, an item paid more than allocated).
  std::optional<std::string> apply(const AuditRecord& record);
  // Compares the database with the replay; returns the first disagreement, in words.
  std::optional<std::string> compare(StoreReader& store, LedgerCheckCounts& counts);

 private:
  struct FundReplay {
    int64_t amount_fen = 0;
    LedgerTotals totals;
  };
  std::optional<std::string> apply_entry(const AuditRecord& record, const nlohmann::json& entry);
  std::optional<std::string> compare_funds(StoreReader& store, LedgerCheckCounts& counts);
  std::optional<std::string> compare_entries(StoreReader& store, LedgerCheckCounts& counts);
  std::optional<std::string> compare_notices(StoreReader& store, LedgerCheckCounts& counts);

  // The last logged snapshot of every fund, entry, notice and objection.
  LoggedRows funds_logged_{"fund"};
  LoggedRows entries_logged_{"ledger entry"};
  LoggedRows notices_logged_{"notice"};
  LoggedRows objections_logged_{"objection"};
  std::map<int64_t, FundReplay> funds_;
  std::map<std::pair<int64_t, int64_t>, LedgerTotals> item_funds_;  // (item, fund)
};

}  // namespace taizhang
