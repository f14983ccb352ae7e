#include "engine/notice/notice_reads.h"
#include "engine/verify/ledger_replay.h"


namespace taizhang {

namespace {

constexpr int kPage = 1000;

// The entity key under which each record kind logs its snapshot.
std::optional<std::string> snapshot_key(const std::string& entity) {
  if (entity == "fund") return "fund";
  if (entity == "ledger_entry") return "entry";
  if (entity == "notice") return "notice";
  if (entity == "objection") return "objection";
  return std::nullopt;
}

int64_t int_or_zero(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer()) return 0;
  return j[key].get<int64_t>();
}

}  // namespace

std::optional<std::string> LedgerReplay::apply(const AuditRecord& rec) {
  auto key = snapshot_key(rec.entity);
  if (!key || !rec.after.is_object() || !rec.after.contains(*key)) return std::nullopt;
  const nlohmann::json& snap = rec.after[*key];
  const int64_t id = int_or_zero(snap, "id");
  if (rec.entity == "notice") notices_logged_.note(id, rec.seq, snap);
  if (rec.entity == "objection") objections_logged_.note(id, rec.seq, snap);
  if (rec.entity == "ledger_entry") entries_logged_.note(id, rec.seq, snap);
  if (rec.entity == "fund") {
    funds_logged_.note(id, rec.seq, snap);
    funds_[id].amount_fen = int_or_zero(snap, "amount_fen");
    return std::nullopt;
  }
  if (rec.entity == "ledger_entry") return apply_entry(rec, snap);
  return std::nullopt;
}

std::optional<std::string> LedgerReplay::apply_entry(const AuditRecord& rec,
                                                     const nlohmann::json& entry) {
  const int64_t item = int_or_zero(entry, "item_id");
  if (!entry.contains("postings") || !entry["postings"].is_array()) {
    return "ledger entry at seq " + std::to_string(rec.seq) + " has no postings";
  }
  for (const auto& p : entry["postings"]) {
    const int64_t fund = int_or_zero(p, "fund_id");
    auto f = funds_.find(fund);
    if (f == funds_.end()) {
      return "ledger entry at seq " + std::to_string(rec.seq) + " posts to fund " +
             std::to_string(fund) + ", which the log never created";
    }
    LedgerTotals& on_item = item_funds_[{item, fund}];
    for (LedgerTotals* t : {&f->second.totals, &on_item}) {
      t->allocated_fen += int_or_zero(p, "allocated_fen");
      t->disbursed_fen += int_or_zero(p, "disbursed_fen");
    }
    if (f->second.totals.allocated_fen > f->second.amount_fen) {
      return "ledger entry at seq " + std::to_string(rec.seq) + " allocates fund " +
             std::to_string(fund) + " past its amount";
    }
    if (on_item.disbursed_fen > on_item.allocated_fen || on_item.disbursed_fen < 0) {
      return "ledger entry at seq " + std::to_string(rec.seq) + " pays item " +
             std::to_string(item) + " more of fund " + std::to_string(fund) +
             " than was allocated to it";
    }
  }
  return std::nullopt;
}

std::optional<std::string> LedgerReplay::compare(StoreReader& store, LedgerCheckCounts& counts) {
  if (auto p = compare_funds(store, counts)) return p;
  if (auto p = compare_entries(store, counts)) return p;
  if (auto p = compare_notices(store, counts)) return p;
  // What the database lost: logged rows no stored one matched.
  for (const LoggedRows* logged :
       {&funds_logged_, &entries_logged_, &notices_logged_, &objections_logged_}) {
    if (auto p = logged->left_over()) return p;
  }
  return std::nullopt;
}

std::optional<std::string> LedgerReplay::compare_funds(StoreReader& store,
                                                       LedgerCheckCounts& counts) {
  FundQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = store.funds(q);
    for (const auto& f : page) {
      ++counts.funds;
      if (auto p = funds_logged_.match(f.id, snapshot(f))) return p;
      const FundTotals stored = store.fund_totals(f.id);
      const LedgerTotals& replayed = funds_[f.id].totals;
      if (stored.allocated_fen != replayed.allocated_fen ||
          stored.disbursed_fen != replayed.disbursed_fen) {
        return "fund " + std::to_string(f.id) + ": the database totals allocated " +
               std::to_string(stored.allocated_fen) + " / disbursed " +
               std::to_string(stored.disbursed_fen) + " fen, the audit log " +
               std::to_string(replayed.allocated_fen) + " / " +
               std::to_string(replayed.disbursed_fen);
      }
    }
    if (static_cast<int>(page.size()) < kPage) return std::nullopt;
    q.after_id = page.back().id;
  }
}

std::optional<std::string> LedgerReplay::compare_entries(StoreReader& store,
                                                         LedgerCheckCounts& counts) {
  int64_t after = 0;
  for (;;) {
    auto page = store.ledger_entries(after, kPage);
    for (const auto& e : page) {
      ++counts.entries;
      if (auto p = entries_logged_.match(e.id, snapshot(e))) return p;
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  // Every item's totals per fund, as the database sums them, against the replay.
  int64_t last_item = 0;
  for (const auto& [key, replayed] : item_funds_) {
    if (key.first == last_item) continue;
    last_item = key.first;
    for (const auto& [fund, stored] : store.item_fund_totals(key.first)) {
      auto it = item_funds_.find({key.first, fund});
      LedgerTotals expected = it == item_funds_.end() ? LedgerTotals{} : it->second;
      if (stored.allocated_fen != expected.allocated_fen ||
          stored.disbursed_fen != expected.disbursed_fen) {
        return "item " + std::to_string(key.first) + ", fund " + std::to_string(fund) +
               ": the database totals differ from the audit log";
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> LedgerReplay::compare_notices(StoreReader& store,
                                                         LedgerCheckCounts& counts) {
  NoticeQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = store.notices(q);
    for (const auto& n : page) {
      ++counts.notices;
      if (auto p = notices_logged_.match(n.id, snapshot(n))) return p;
      for (const auto& o : all_objections(store, n.id)) {
        if (auto p = objections_logged_.match(o.id, snapshot(o))) return p;
      }
    }
    if (static_cast<int>(page.size()) < kPage) return std::nullopt;
    q.after_id = page.back().id;
  }
}


}  // namespace taizhang
