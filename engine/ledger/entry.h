// The ledger of an item: allocations from funds, disbursements to payees, and reversals. Entries
// are never edited or deleted; each carries postings, the signed amounts it adds to the totals of
// one fund on the item, so that every total — of an item, of a fund, of a fund on an item — is a
// sum of postings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace taizhang {

enum class EntryKind { allocation, disbursement, reversal };

std::string_view to_string(EntryKind kind);

struct Posting {
  int64_t fund_id = 0;
  int64_t allocated_fen = 0;  // signed
  int64_t disbursed_fen = 0;  // signed
  bool operator==(const Posting&) const = default;
};

struct LedgerEntry {
  int64_t id = 0;
  int64_t item_id = 0;
  EntryKind kind = EntryKind::allocation;
  int64_t amount_fen = 0;  // always positive
  std::optional<int64_t> fund_id;             // allocation
  std::optional<std::string> payee;           // disbursement
  std::optional<std::string> payee_account;   // disbursement; private
  std::optional<std::string> voucher_no;      // disbursement
  std::optional<std::string> note;
  std::optional<int64_t> reverses;            // reversal
  std::optional<std::string> reason;          // reversal
  std::optional<std::string> idempotency_key; // disbursement
  std::optional<std::string> request_sha256;  // disbursement: what the key was first used for
  std::string at;
  int64_t actor_id = 0;
  int64_t audit_seq = 0;
  std::vector<Posting> postings;
  std::optional<int64_t> reversed_by;  // read from the store, not a column of the entry
};

// Totals of one fund on one item, or of a whole item.
struct LedgerTotals {
  int64_t allocated_fen = 0;
  int64_t disbursed_fen = 0;
  int64_t remaining_fen() const { return allocated_fen - disbursed_fen; }
};

// The entry as recorded in the audit log: every stored column but audit_seq (the record's own
// position) and reversed_by (a later entry's fact), plus the postings.
nlohmann::json snapshot(const LedgerEntry& entry);

}  // namespace taizhang
