#include "engine/ledger/entry.h"

namespace taizhang {

std::string_view to_string(EntryKind kind) {
  switch (kind) {
    case EntryKind::allocation: return "allocation";
    case EntryKind::disbursement: return "disbursement";
    case EntryKind::reversal: return "reversal";
  }
  return "allocation";
}

nlohmann::json snapshot(const LedgerEntry& e) {
  nlohmann::json j = {{"id", e.id},
                      {"item_id", e.item_id},
                      {"kind", to_string(e.kind)},
                      {"amount_fen", e.amount_fen},
                      {"at", e.at},
                      {"actor_id", e.actor_id}};
  // Only what the entry has: an allocation carries no payee, a reversal no key.
  if (e.fund_id) j["fund_id"] = *e.fund_id;
  if (e.payee) j["payee"] = *e.payee;
  if (e.payee_account) j["payee_account"] = *e.payee_account;
  if (e.voucher_no) j["voucher_no"] = *e.voucher_no;
  if (e.note) j["note"] = *e.note;
  if (e.reverses) j["reverses"] = *e.reverses;
  if (e.reason) j["reason"] = *e.reason;
  if (e.idempotency_key) j["idempotency_key"] = *e.idempotency_key;
  if (e.request_sha256) j["request_sha256"] = *e.request_sha256;
  nlohmann::json postings = nlohmann::json::array();
  for (const auto& p : e.postings) {
    postings.push_back(
        {{"fund_id", p.fund_id}, {"allocated_fen", p.allocated_fen}, {"disbursed_fen", p.disbursed_fen}});
  }
  j["postings"] = std::move(postings);
  return j;
}

}  // namespace taizhang
