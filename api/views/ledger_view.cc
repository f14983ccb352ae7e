#include "api/views/ledger_view.h"

namespace taizhang::api {

namespace {
constexpr int kEntriesPage = 1000;
}  // namespace

nlohmann::json fund_json(const Fund& f, const FundTotals& t) {
  nlohmann::json j = snapshot(f);
  j["source_name"] = chinese_name(f.source);
  j["allocated_fen"] = t.allocated_fen;
  j["disbursed_fen"] = t.disbursed_fen;
  j["remaining_fen"] = f.amount_fen - t.allocated_fen;
  j["audit_seq"] = f.audit_seq;
  return j;
}

nlohmann::json entry_json(const LedgerEntry& e) {
  nlohmann::json j = snapshot(e);
  j.erase("request_sha256");  // internal to idempotency
  if (e.reversed_by) j["reversed_by"] = *e.reversed_by;
  j["audit_seq"] = e.audit_seq;
  return j;
}

nlohmann::json item_ledger_json(StoreReader& store, int64_t item_id) {
  nlohmann::json entries = nlohmann::json::array();
  for (int64_t after = 0;;) {
    auto page = store.item_ledger(item_id, after, kEntriesPage);
    for (const auto& e : page) entries.push_back(entry_json(e));
    if (static_cast<int>(page.size()) < kEntriesPage) break;
    after = page.back().id;
  }
  LedgerTotals total;
  nlohmann::json funds = nlohmann::json::array();
  for (const auto& [fund_id, t] : store.item_fund_totals(item_id)) {
    auto fund = store.fund(fund_id);
    funds.push_back({{"fund_id", fund_id},
                     {"name", fund ? fund->name : ""},
                     {"allocated_fen", t.allocated_fen},
                     {"disbursed_fen", t.disbursed_fen}});
    total.allocated_fen += t.allocated_fen;
    total.disbursed_fen += t.disbursed_fen;
  }
  return {{"item_id", item_id},
          {"entries", std::move(entries)},
          {"allocated_fen", total.allocated_fen},
          {"disbursed_fen", total.disbursed_fen},
          {"remaining_fen", total.remaining_fen()},
          {"funds", std::move(funds)}};
}

}  // namespace taizhang::api
