#include "engine/ledger/ledger_commands.h"

#include "engine/ledger/ledger_totals.h"

#include <algorithm>
#include <numeric>

#include "engine/access/scope_refusal.h"
#include "engine/audit/log.h"
#include "engine/base/assert.h"
#include "engine/base/digest.h"

namespace taizhang {

namespace {

Result<void> may_write_ledger(const Principal& who) {
  if (who.user.role == Role::finance || who.user.role == Role::admin) return {};
  return fail(ErrorCode::forbidden, "only finance staff and admins write the ledger");
}

Result<void> check_amount(int64_t amount) {
  if (amount < kMinAmountFen || amount > kMaxAmountFen) {
    return fail(ErrorCode::invalid_field, "amount_fen must be an integer from 1 to 10^13 fen",
                "amount_fen");
  }
  return {};
}

Result<void> check_text(const std::string& value, const char* field, size_t max_bytes) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(ErrorCode::invalid_field, std::string(field) + " must not be empty", field);
  }
  if (value.size() > max_bytes) {
    return fail(ErrorCode::invalid_field,
                std::string(field) + " exceeds " + std::to_string(max_bytes) + " bytes", field);
  }
  return {};
}

Result<void> check_optional_text(const std::optional<std::string>& value, const char* field,
                                 size_t max_bytes) {
  if (!value) return {};
  return check_text(*value, field, max_bytes);
}

// The item a ledger change (`attempted`) is about, if the caller may touch it; one outside the
// caller's units answers as an absent one, and the attempt is recorded.
Result<WorkItem> ledger_item(LedgerWriter& store, const Principal& who, int64_t item_id,
                             std::string_view attempted, TimePoint now) {
  auto item = store.item(item_id);
  if (!item) return fail(ErrorCode::not_found, no_such("item", item_id));
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, attempted, "item", item_id, item->org_id, now));
  }
  return *item;
}

// Stores the entry and its audit record together; the entry learns its record's seq.
LedgerEntry record(LedgerWriter& store, const Principal& who, LedgerEntry entry,
                   const char* action, TimePoint now) {
  // The entry's unit is its item's.
  const auto item = store.item(entry.item_id);
  TZ_ASSERT(item.has_value());  // entries are recorded only for existing items
  AuditRecord rec = append_audit(store, now,
                                 {who.actor(), action, "ledger_entry", std::to_string(entry.id),
                                  nullptr, {{"entry", snapshot(entry)}}},
                                 item->org_id);
  entry.audit_seq = rec.seq;
  store.insert_ledger_entry(entry);
  return entry;
}

LedgerEntry new_entry(LedgerWriter& store, const Principal& who, int64_t item_id, EntryKind kind,
                      int64_t amount, TimePoint now) {
  LedgerEntry e;
  e.id = store.next_id(NumberedTable::ledger_entries);
  e.item_id = item_id;
  e.kind = kind;
  e.amount_fen = amount;
  e.at = format_rfc3339(now);
  e.actor_id = who.user.id;
  return e;
}

// What a disbursement request asks, as the text its key is bound to.
nlohmann::json disbursement_request(int64_t item_id, const NewDisbursement& r) {
  auto opt = [](const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  return {{"item_id", item_id},         {"amount_fen", r.amount_fen}, {"payee", r.payee},
          {"voucher_no", r.voucher_no}, {"note", opt(r.note)},        {"payee_account", opt(r.payee_account)}};
}

// The fields in which a retried request differs from the one its key was first used for.
std::vector<std::string> differences(const LedgerEntry& first, int64_t item_id,
                                     const NewDisbursement& r) {
  std::vector<std::string> out;
  if (first.kind != EntryKind::disbursement || first.item_id != item_id) out.push_back("item");
  if (first.amount_fen != r.amount_fen) out.push_back("amount_fen");
  if (first.payee != r.payee) out.push_back("payee");
  if (first.voucher_no != r.voucher_no) out.push_back("voucher_no");
  if (first.note != r.note) out.push_back("note");
  if (first.payee_account != r.payee_account) out.push_back("payee_account");
  return out;
}

Result<void> check_idempotency_key(const std::string& key) {
  bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (key.empty() || key.size() > kMaxIdempotencyKeyBytes || !printable) {
    return fail(ErrorCode::invalid_field,
                "Idempotency-Key must be 1 to 128 printable ASCII characters without spaces",
                "Idempotency-Key");
  }
  return {};
}

Result<void> check_disbursement(const NewDisbursement& r) {
  if (auto ok = check_amount(r.amount_fen); !ok) return ok;
  if (auto ok = check_text(r.payee, "payee", kMaxLedgerTextBytes); !ok) return ok;
  if (auto ok = check_text(r.voucher_no, "voucher_no", kMaxLedgerTextBytes); !ok) return ok;
  if (auto ok = check_optional_text(r.note, "note", kMaxLedgerNoteBytes); !ok) return ok;
  return check_optional_text(r.payee_account, "payee_account", kMaxLedgerTextBytes);
}

std::string fen_text(int64_t fen) { return std::to_string(fen) + " 分"; }

}  // namespace

Result<Fund> create_fund(LedgerWriter& store, const Principal& who, const NewFund& r,
                         TimePoint now) {
  if (auto ok = may_write_ledger(who); !ok) return std::unexpected(ok.error());
  if (auto ok = check_text(r.name, "name", kMaxLedgerTextBytes); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = check_text(r.doc_no, "doc_no", kMaxLedgerTextBytes); !ok) {
    return std::unexpected(ok.error());
  }
  if (r.year < 2000 || r.year > 2100) {
    return fail(ErrorCode::invalid_field, "year must be between 2000 and 2100", "year");
  }
  if (auto ok = check_amount(r.amount_fen); !ok) return std::unexpected(ok.error());
  Fund f;
  f.id = store.next_id(NumberedTable::funds);
  f.name = r.name;
  f.source = r.source;
  f.doc_no = r.doc_no;
  f.year = r.year;
  f.amount_fen = r.amount_fen;
  f.created_at = format_rfc3339(now);
  f.created_by = who.user.id;
  AuditRecord rec = append_audit(store, now,
                                 {who.actor(), "fund.create", "fund", std::to_string(f.id),
                                  nullptr, {{"fund", snapshot(f)}}});
  f.audit_seq = rec.seq;
  store.insert_fund(f);
  return f;
}

Result<LedgerEntry> allocate(LedgerWriter& store, const Principal& who, int64_t item_id,
                             const NewAllocation& r, TimePoint now) {
  if (auto ok = may_write_ledger(who); !ok) return std::unexpected(ok.error());
  auto item = ledger_item(store, who, item_id, "ledger.allocate", now);
  if (!item) return std::unexpected(item.error());
  if (item->closed) {
    return fail(ErrorCode::conflict, "item " + std::to_string(item_id) + " is closed");
  }
  if (auto ok = check_amount(r.amount_fen); !ok) return std::unexpected(ok.error());
  if (auto ok = check_optional_text(r.note, "note", kMaxLedgerNoteBytes); !ok) {
    return std::unexpected(ok.error());
  }
  auto fund = store.fund(r.fund_id);
  if (!fund) {
    return fail(ErrorCode::invalid_field, "no fund " + std::to_string(r.fund_id), "fund_id");
  }
  const int64_t left = fund->amount_fen - store.fund_totals(fund->id).allocated_fen;
  if (r.amount_fen > left) {
    return fail(ErrorCode::insufficient_fund,
                "fund " + std::to_string(fund->id) + " (" + fund->name + ") has " +
                    fen_text(left) + " left to allocate; asked for " + fen_text(r.amount_fen));
  }
  LedgerEntry e = new_entry(store, who, item_id, EntryKind::allocation, r.amount_fen, now);
  e.fund_id = fund->id;
  e.note = r.note;
  e.postings = {{fund->id, r.amount_fen, 0}};
  return record(store, who, std::move(e), "ledger.allocate", now);
}

Result<DisbursementResult> disburse(LedgerWriter& store, const Principal& who, int64_t item_id,
                                    const NewDisbursement& r, TimePoint now) {
  if (auto ok = may_write_ledger(who); !ok) return std::unexpected(ok.error());
  if (auto ok = check_idempotency_key(r.idempotency_key); !ok) return std::unexpected(ok.error());
  if (auto first = store.entry_by_idempotency_key(r.idempotency_key)) {
    // A key first used on an item the caller cannot see tells nothing: not which fields differ
    // (else a guessed payee, account or amount could be confirmed field by field), not the
    // entry's id, not even whether the request matched.
    auto first_item = store.item(first->item_id);
    if (!first_item || !who.can_see_org(first_item->org_id)) {
      return fail(ErrorCode::idempotency_conflict,
                  "this Idempotency-Key is already in use; use a new key for a new payment");
    }
    auto differ = differences(*first, item_id, r);
    if (differ.empty()) return DisbursementResult{*first, true};
    std::string list;
    for (const auto& d : differ) list += (list.empty() ? "" : ", ") + d;
    Error e{ErrorCode::idempotency_conflict,
            "Idempotency-Key was first used for disbursement " + std::to_string(first->id) +
                " with a different " + list + "; use a new key for a new payment",
            differ.front(), {}, differ};
    return std::unexpected(std::move(e));
  }
  auto item = ledger_item(store, who, item_id, "ledger.disburse", now);
  if (!item) return std::unexpected(item.error());
  if (auto ok = check_disbursement(r); !ok) return std::unexpected(ok.error());
  if (item->closed) {
    return fail(ErrorCode::conflict, "item " + std::to_string(item_id) + " is closed");
  }
  auto by_fund = store.item_fund_totals(item_id);
  const int64_t remaining =
      std::accumulate(by_fund.begin(), by_fund.end(), int64_t{0},
                      [](int64_t sum, const auto& f) { return sum + f.second.remaining_fen(); });
  if (r.amount_fen > remaining) {
    return fail(ErrorCode::over_allocation,
                "item " + std::to_string(item_id) + " has " + fen_text(remaining) +
                    " allocated and not yet disbursed; asked for " + fen_text(r.amount_fen));
  }
  LedgerEntry e = new_entry(store, who, item_id, EntryKind::disbursement, r.amount_fen, now);
  e.payee = r.payee;
  e.payee_account = r.payee_account;
  e.voucher_no = r.voucher_no;
  e.note = r.note;
  e.idempotency_key = r.idempotency_key;
  e.request_sha256 = sha256_hex(disbursement_request(item_id, r).dump());
  int64_t owed = r.amount_fen;
  for (const auto& [fund_id, t] : by_fund) {
    const int64_t take = std::min(owed, t.remaining_fen());
    if (take <= 0) continue;
    e.postings.push_back({fund_id, 0, take});
    owed -= take;
    if (owed == 0) break;
  }
  // The remaining check above covered the amount: it is paid out of the item's funds in full,
  // each posting a positive part of it, and nothing is left owed.
  TZ_ASSERT(owed == 0);
  TZ_ASSERT(std::accumulate(e.postings.begin(), e.postings.end(), int64_t{0},
                            [](int64_t sum, const Posting& p) {
                              TZ_ASSERT(p.allocated_fen == 0 && p.disbursed_fen > 0);
                              return sum + p.disbursed_fen;
                            }) == e.amount_fen);
  return DisbursementResult{record(store, who, std::move(e), "ledger.disburse", now), false};
}

Result<LedgerEntry> reverse_entry(LedgerWriter& store, const Principal& who, int64_t entry_id,
                                  EntryKind expected, const std::string& reason, TimePoint now) {
  if (auto ok = may_write_ledger(who); !ok) return std::unexpected(ok.error());
  auto target = store.ledger_entry(entry_id);
  const std::string_view entity = to_string(expected);  // "allocation", "disbursement"
  if (!target || target->kind != expected) {
    return fail(ErrorCode::not_found, no_such(entity, entry_id));
  }
  // Refused as the entry, not its item: the answer must not name the item's id.
  auto item = store.item(target->item_id);
  TZ_ASSERT(item.has_value());  // every entry's item exists (foreign key)
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, "ledger.reverse", entity, entry_id, item->org_id, now));
  }
  if (auto ok = check_text(reason, "reason", kMaxLedgerNoteBytes); !ok) {
    return std::unexpected(ok.error());
  }
  if (target->reversed_by) {
    return fail(ErrorCode::conflict, std::string(to_string(expected)) + " " +
                                         std::to_string(entry_id) + " was already reversed by entry " +
                                         std::to_string(*target->reversed_by));
  }
  if (expected == EntryKind::allocation) {
    // Taking an allocation back must leave the fund's money on this item covering what was
    // already paid out of it.
    for (const auto& [fund_id, t] : store.item_fund_totals(target->item_id)) {
      if (fund_id == *target->fund_id && t.remaining_fen() < target->amount_fen) {
        return fail(ErrorCode::over_allocation,
                    "only " + fen_text(t.remaining_fen()) + " of fund " + std::to_string(fund_id) +
                        " on this item is undisbursed; reverse disbursements first");
      }
    }
  }
  LedgerEntry e = new_entry(store, who, target->item_id, EntryKind::reversal, target->amount_fen, now);
  e.reverses = target->id;
  e.reason = reason;
  for (const auto& p : target->postings) {
    e.postings.push_back({p.fund_id, -p.allocated_fen, -p.disbursed_fen});
  }
  // A reversal undoes exactly its original: posting for posting, each negated.
  TZ_ASSERT(e.postings.size() == target->postings.size());
  for (size_t i = 0; i < e.postings.size(); ++i) {
    TZ_ASSERT(e.postings[i].fund_id == target->postings[i].fund_id);
    TZ_ASSERT(e.postings[i].allocated_fen == -target->postings[i].allocated_fen);
    TZ_ASSERT(e.postings[i].disbursed_fen == -target->postings[i].disbursed_fen);
  }
  return record(store, who, std::move(e), "ledger.reverse", now);
}

}  // namespace taizhang
