// SqliteStore: funds and the ledger (migration 004).
#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/sqlite/stored_json.h"

namespace taizhang::sqlite {

namespace {

constexpr std::string_view kFundColumns =
    "id, name, source, doc_no, year, amount_fen, created_at, created_by, audit_seq";

constexpr std::string_view kEntryColumns =
    "e.id, e.item_id, e.kind, e.amount_fen, e.fund_id, e.payee, e.payee_account, e.voucher_no, "
    "e.note, e.reverses, e.reason, e.idempotency_key, e.request_sha256, e.at, e.actor_id, "
    "e.audit_seq, (SELECT r.id FROM ledger_entries r WHERE r.reverses = e.id)";

Fund read_fund(const Statement& s) {
  Fund f;
  f.id = s.int64(0);
  f.name = s.text(1);
  auto source = parse_fund_source(s.text(2));
  if (!source) throw StorageFailure("stored fund has an unknown source");
  f.source = *source;
  f.doc_no = s.text(3);
  f.year = static_cast<int>(s.int64(4));
  f.amount_fen = s.int64(5);
  f.created_at = s.text(6);
  f.created_by = s.int64(7);
  f.audit_seq = s.int64(8);
  return f;
}

EntryKind parse_kind(const std::string& text) {
  for (auto k : {EntryKind::allocation, EntryKind::disbursement, EntryKind::reversal}) {
    if (to_string(k) == text) return k;
  }
  throw StorageFailure("stored ledger entry has an unknown kind");
}

LedgerEntry read_entry(const Statement& s) {
  LedgerEntry e;
  e.id = s.int64(0);
  e.item_id = s.int64(1);
  e.kind = parse_kind(s.text(2));
  e.amount_fen = s.int64(3);
  e.fund_id = s.opt_int64(4);
  e.payee = s.opt_text(5);
  e.payee_account = s.opt_text(6);
  e.voucher_no = s.opt_text(7);
  e.note = s.opt_text(8);
  e.reverses = s.opt_int64(9);
  e.reason = s.opt_text(10);
  e.idempotency_key = s.opt_text(11);
  e.request_sha256 = s.opt_text(12);
  e.at = s.text(13);
  e.actor_id = s.int64(14);
  e.audit_seq = s.int64(15);
  e.reversed_by = s.opt_int64(16);
  return e;
}

}  // namespace

std::optional<Fund> SqliteStore::fund(int64_t id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kFundColumns) + " FROM funds WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_fund(*s);
}

std::vector<Fund> SqliteStore::funds(const FundQuery& q) {
  std::string sql = "SELECT " + std::string(kFundColumns) + " FROM funds WHERE id > ?1";
  if (q.year) sql += " AND year = ?2";
  if (q.source) sql += " AND source = ?3";
  sql += " ORDER BY id LIMIT ?4";
  StatementScope s(db_.prepare(sql));
  s->bind(1, q.after_id);
  if (q.year) s->bind(2, int64_t{*q.year});
  if (q.source) s->bind(3, to_string(*q.source));
  s->bind(4, int64_t{q.limit});
  std::vector<Fund> out;
  while (s->step()) out.push_back(read_fund(*s));
  return out;
}

FundTotals SqliteStore::fund_totals(int64_t fund_id) {
  StatementScope s(db_.prepare(
      "SELECT coalesce(sum(allocated_fen), 0), coalesce(sum(disbursed_fen), 0) "
      "FROM ledger_postings WHERE fund_id = ?"));
  s->bind(1, fund_id);
  s->step();
  return FundTotals{s->int64(0), s->int64(1)};
}

std::vector<LedgerEntry> SqliteStore::read_entries(Statement& s) {
  std::vector<LedgerEntry> out;
  while (s.step()) out.push_back(read_entry(s));
  s.reset();
  StatementScope postings(db_.prepare(
      "SELECT fund_id, allocated_fen, disbursed_fen FROM ledger_postings WHERE entry_id = ? "
      "ORDER BY fund_id"));
  for (auto& e : out) {
    postings->bind(1, e.id);
    while (postings->step()) {
      e.postings.push_back({postings->int64(0), postings->int64(1), postings->int64(2)});
    }
    postings->reset();
  }
  return out;
}

std::optional<LedgerEntry> SqliteStore::ledger_entry(int64_t id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kEntryColumns) +
                               " FROM ledger_entries e WHERE e.id = ?"));
  s->bind(1, id);
  auto found = read_entries(*s);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<LedgerEntry> SqliteStore::entry_by_idempotency_key(std::string_view key) {
  StatementScope s(db_.prepare("SELECT " + std::string(kEntryColumns) +
                               " FROM ledger_entries e WHERE e.idempotency_key = ?"));
  s->bind(1, key);
  auto found = read_entries(*s);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<LedgerEntry> SqliteStore::item_ledger(int64_t item_id, int64_t after_id, int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kEntryColumns) +
                               " FROM ledger_entries e WHERE e.item_id = ? AND e.id > ? "
                               "ORDER BY e.id LIMIT ?"));
  s->bind(1, item_id).bind(2, after_id).bind(3, int64_t{limit});
  return read_entries(*s);
}

std::vector<LedgerEntry> SqliteStore::ledger_entries(int64_t after_id, int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kEntryColumns) +
                               " FROM ledger_entries e WHERE e.id > ? ORDER BY e.id LIMIT ?"));
  s->bind(1, after_id).bind(2, int64_t{limit});
  return read_entries(*s);
}

std::vector<std::pair<int64_t, LedgerTotals>> SqliteStore::item_fund_totals(int64_t item_id) {
  StatementScope s(db_.prepare(
      "SELECT fund_id, sum(allocated_fen), sum(disbursed_fen) FROM ledger_postings "
      "WHERE item_id = ? GROUP BY fund_id ORDER BY fund_id"));
  s->bind(1, item_id);
  std::vector<std::pair<int64_t, LedgerTotals>> out;
  while (s->step()) out.push_back({s->int64(0), LedgerTotals{s->int64(1), s->int64(2)}});
  return out;
}

namespace {

std::vector<KeyedTotals> keyed_totals(Statement& s) {
  std::vector<KeyedTotals> out;
  while (s.step()) out.push_back({s.int64(0), LedgerTotals{s.int64(1), s.int64(2)}});
  return out;
}

}  // namespace

std::vector<KeyedTotals> SqliteStore::fund_item_totals(int64_t fund_id, int64_t after_item_id,
                                                       int limit) {
  StatementScope s(db_.prepare(
      "SELECT item_id, sum(allocated_fen), sum(disbursed_fen) FROM ledger_postings "
      "WHERE fund_id = ? AND item_id > ? GROUP BY item_id ORDER BY item_id LIMIT ?"));
  s->bind(1, fund_id).bind(2, after_item_id).bind(3, static_cast<int64_t>(limit));
  return keyed_totals(*s);
}

// Entry times are RFC 3339 in +08:00, so their first ten characters are the Shanghai date.
std::vector<KeyedTotals> SqliteStore::totals_by_fund_as_of(std::string_view date) {
  StatementScope s(db_.prepare(
      "SELECT p.fund_id, sum(p.allocated_fen), sum(p.disbursed_fen) FROM ledger_postings p "
      "JOIN ledger_entries e ON e.id = p.entry_id WHERE substr(e.at, 1, 10) <= ? "
      "GROUP BY p.fund_id ORDER BY p.fund_id"));
  s->bind(1, date);
  return keyed_totals(*s);
}

std::vector<KeyedTotals> SqliteStore::totals_by_org_as_of(std::string_view date) {
  StatementScope s(db_.prepare(
      "SELECT i.org_id, sum(p.allocated_fen), sum(p.disbursed_fen) FROM ledger_postings p "
      "JOIN ledger_entries e ON e.id = p.entry_id JOIN items i ON i.id = p.item_id "
      "WHERE substr(e.at, 1, 10) <= ? GROUP BY i.org_id ORDER BY i.org_id"));
  s->bind(1, date);
  return keyed_totals(*s);
}

int64_t SqliteStore::next_id(NumberedTable table) {
  const char* sql = nullptr;
  switch (table) {
    case NumberedTable::funds: sql = "SELECT coalesce(max(id), 0) + 1 FROM funds"; break;
    case NumberedTable::ledger_entries:
      sql = "SELECT coalesce(max(id), 0) + 1 FROM ledger_entries";
      break;
    case NumberedTable::notices: sql = "SELECT coalesce(max(id), 0) + 1 FROM notices"; break;
    case NumberedTable::objections:
      sql = "SELECT coalesce(max(id), 0) + 1 FROM objections";
      break;
    case NumberedTable::attachments:
      sql = "SELECT coalesce(max(id), 0) + 1 FROM attachments";
      break;
  }
  StatementScope s(db_.prepare(sql));
  s->step();
  return s->int64(0);
}

void SqliteStore::insert_fund(const Fund& f) {
  StatementScope s(db_.prepare(
      "INSERT INTO funds (id, name, source, doc_no, year, amount_fen, created_at, created_by, "
      "audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, f.id).bind(2, f.name).bind(3, to_string(f.source)).bind(4, f.doc_no);
  s->bind(5, int64_t{f.year}).bind(6, f.amount_fen).bind(7, f.created_at).bind(8, f.created_by);
  s->bind(9, f.audit_seq);
  s->run();
}

void SqliteStore::insert_ledger_entry(const LedgerEntry& e) {
  {
    StatementScope s(db_.prepare(
        "INSERT INTO ledger_entries (id, item_id, kind, amount_fen, fund_id, payee, "
        "payee_account, voucher_no, note, reverses, reason, idempotency_key, request_sha256, at, "
        "actor_id, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    s->bind(1, e.id).bind(2, e.item_id).bind(3, to_string(e.kind)).bind(4, e.amount_fen);
    s->bind(5, e.fund_id).bind(6, e.payee).bind(7, e.payee_account).bind(8, e.voucher_no);
    s->bind(9, e.note).bind(10, e.reverses).bind(11, e.reason).bind(12, e.idempotency_key);
    s->bind(13, e.request_sha256).bind(14, e.at).bind(15, e.actor_id).bind(16, e.audit_seq);
    s->run();
  }
  StatementScope p(db_.prepare(
      "INSERT INTO ledger_postings (entry_id, item_id, fund_id, allocated_fen, disbursed_fen) "
      "VALUES (?, ?, ?, ?, ?)"));
  for (const auto& posting : e.postings) {
    p->bind(1, e.id).bind(2, e.item_id).bind(3, posting.fund_id);
    p->bind(4, posting.allocated_fen).bind(5, posting.disbursed_fen);
    p->run();
    p->reset();
  }
}

}  // namespace taizhang::sqlite
