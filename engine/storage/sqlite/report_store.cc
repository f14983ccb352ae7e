// The reports' reads (engine/report/report_store.h): items, totals and postings as of an audit
// seq. Each item's state is the snapshot its own last audit record at or before the seq holds,
// so a report of a past day reads exactly what the chain proves.
#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/sqlite/stored_json.h"

namespace taizhang::sqlite {

AuditHead SqliteStore::audit_head_before(std::string_view before_at) {
  // Records are appended in time order, so the newest one before the instant is found by
  // walking back from the head.
  StatementScope s(db_.prepare(
      "SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1"));
  s->bind(1, before_at);
  if (!s->step()) return AuditHead{};
  return AuditHead{s->int64(0), s->text(1)};
}

namespace {

HistoryEntry read_history(const Statement& s) {
  HistoryEntry h;
  h.item_id = s.int64(0);
  h.id = s.int64(1);
  h.at = s.text(2);
  h.actor_id = s.opt_int64(3);
  h.action = s.text(4);
  h.from_stage = s.opt_text(5);
  h.to_stage = s.text(6);
  h.comment = s.opt_text(7);
  h.fields = parse_stored_json(s.opt_text(8));
  h.audit_seq = s.int64(9);
  h.due_on = s.opt_text(10);
  h.deadline = s.opt_text(11);
  return h;
}

}  // namespace

void SqliteStore::items_as_of(int64_t seq, int64_t org_id,
                              const std::optional<std::string>& workflow,
                              const std::function<bool(ItemAsOf&&)>& fn) {
  StatementScope s(db_.prepare(
      "SELECT h.item_id, h.id, h.at, h.actor_id, h.action, h.from_stage, h.to_stage, h.comment, "
      "h.fields, h.audit_seq, h.due_on, h.deadline FROM items i "
      "JOIN item_history h ON h.item_id = i.id "
      "WHERE i.org_id = ?1 AND (?2 IS NULL OR i.workflow = ?2) AND h.audit_seq <= ?3 "
      "ORDER BY i.id, h.id"));
  s->bind(1, org_id).bind(2, workflow).bind(3, seq);
  std::vector<HistoryEntry> lines;
  // The item's state is the snapshot of its last history line's audit record.
  auto emit = [&]() -> bool {
    if (lines.empty()) return true;
    const int64_t at_seq = lines.back().audit_seq;
    StatementScope a(db_.prepare("SELECT after FROM audit_log WHERE seq = ?"));
    a->bind(1, at_seq);
    if (!a->step()) throw StorageFailure("audit record " + std::to_string(at_seq) + " is missing");
    const nlohmann::json after = parse_stored_json(a->opt_text(0));
    ItemAsOf out;
    try {
      out.item = item_from_snapshot(after.at("item"));
    } catch (const nlohmann::json::exception&) {
      throw StorageFailure("audit record " + std::to_string(at_seq) + " holds no item snapshot");
    }
    out.history = std::move(lines);
    lines.clear();
    return fn(std::move(out));
  };
  while (s->step()) {
    HistoryEntry h = read_history(*s);
    if (!lines.empty() && lines.back().item_id != h.item_id && !emit()) return;
    lines.push_back(std::move(h));
  }
  emit();
}

std::vector<std::pair<int64_t, LedgerTotals>> SqliteStore::item_fund_totals_as_of(int64_t item_id,
                                                                                int64_t seq) {
  StatementScope s(db_.prepare(
      "SELECT p.fund_id, sum(p.allocated_fen), sum(p.disbursed_fen) FROM ledger_postings p "
      "JOIN ledger_entries e ON e.id = p.entry_id "
      "WHERE p.item_id = ?1 AND e.audit_seq <= ?2 GROUP BY p.fund_id ORDER BY p.fund_id"));
  s->bind(1, item_id).bind(2, seq);
  std::vector<std::pair<int64_t, LedgerTotals>> out;
  while (s->step()) out.push_back({s->int64(0), LedgerTotals{s->int64(1), s->int64(2)}});
  return out;
}

void SqliteStore::postings_as_of(int64_t seq, const std::function<void(const PostingLine&)>& fn) {
  StatementScope s(db_.prepare(
      "SELECT e.id, p.item_id, i.org_id, p.fund_id, e.at, p.allocated_fen, p.disbursed_fen "
      "FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id "
      "JOIN items i ON i.id = p.item_id WHERE e.audit_seq <= ?1 ORDER BY e.id, p.fund_id"));
  s->bind(1, seq);
  while (s->step()) {
    fn(PostingLine{s->int64(0), s->int64(1), s->int64(2), s->int64(3), s->text(4), s->int64(5),
                   s->int64(6)});
  }
}

}  // namespace taizhang::sqlite
