// SqliteStore: public notices and their objections (migration 004).
#include "engine/base/assert.h"
#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/sqlite/stored_json.h"

namespace taizhang::sqlite {

namespace {

constexpr std::string_view kNoticeColumns =
    "id, item_id, org_id, level, phase, posted_on, period_days, ends_on, contents, funding, "
    "posted_at, posted_by, audit_seq, period_working_days";

constexpr std::string_view kObjectionColumns =
    "id, notice_id, raised_on, channel, content, raised_at, raised_by, resolution, resolved_at, "
    "resolved_by";

Notice read_notice(const Statement& s) {
  Notice n;
  n.id = s.int64(0);
  n.item_id = s.int64(1);
  n.org_id = s.int64(2);
  auto level = parse_notice_level(s.text(3));
  auto phase = parse_notice_phase(s.text(4));
  if (!level || !phase) throw StorageFailure("stored notice has an unknown level or phase");
  n.level = *level;
  n.phase = *phase;
  n.posted_on = s.text(5);
  n.period_days = static_cast<int>(s.int64(6));
  n.ends_on = s.text(7);
  n.contents = stored_json_or_text(s.text(8));
  n.funding = stored_json_or_text(s.text(9));
  n.posted_at = s.text(10);
  n.posted_by = s.int64(11);
  n.audit_seq = s.int64(12);
  if (auto working = s.opt_int64(13)) n.period_working_days = static_cast<int>(*working);
  return n;
}

Objection read_objection(const Statement& s) {
  Objection o;
  o.id = s.int64(0);
  o.notice_id = s.int64(1);
  o.raised_on = s.text(2);
  o.channel = s.opt_text(3);
  o.content = s.text(4);
  o.raised_at = s.text(5);
  o.raised_by = s.int64(6);
  o.resolution = s.opt_text(7);
  o.resolved_at = s.opt_text(8);
  o.resolved_by = s.opt_int64(9);
  return o;
}

}  // namespace

std::optional<Notice> SqliteStore::notice(int64_t id) {
  StatementScope s(
      db_.prepare("SELECT " + std::string(kNoticeColumns) + " FROM notices WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_notice(*s);
}

std::vector<Notice> SqliteStore::notices(const NoticeQuery& q) {
  // Every filter is a bound parameter; the SQL text varies only by which filters are present.
  std::string sql = "SELECT " + std::string(kNoticeColumns) + " FROM notices WHERE id > ?1";
  if (q.item_id) sql += " AND item_id = ?2";
  if (q.org_ids) sql += " AND org_id IN (SELECT value FROM json_each(?3))";
  if (q.on_board) sql += " AND posted_on <= ?4 AND ends_on >= ?4";
  if (q.phase) sql += " AND phase = ?6";
  sql += " ORDER BY id LIMIT ?5";
  StatementScope s(db_.prepare(sql));
  s->bind(1, q.after_id);
  if (q.item_id) s->bind(2, *q.item_id);
  if (q.org_ids) s->bind(3, dump(nlohmann::json(*q.org_ids)));
  if (q.on_board) s->bind(4, *q.on_board);
  s->bind(5, int64_t{q.limit});
  if (q.phase) s->bind(6, std::string(to_string(*q.phase)));
  std::vector<Notice> out;
  while (s->step()) out.push_back(read_notice(*s));
  return out;
}

std::optional<Objection> SqliteStore::objection(int64_t id) {
  StatementScope s(
      db_.prepare("SELECT " + std::string(kObjectionColumns) + " FROM objections WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_objection(*s);
}

std::vector<Objection> SqliteStore::objections(int64_t notice_id, int64_t after_id, int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kObjectionColumns) +
                               " FROM objections WHERE notice_id = ? AND id > ? ORDER BY id LIMIT ?"));
  s->bind(1, notice_id).bind(2, after_id).bind(3, int64_t{limit});
  std::vector<Objection> out;
  while (s->step()) out.push_back(read_objection(*s));
  return out;
}

void SqliteStore::insert_notice(const Notice& n) {
  StatementScope s(db_.prepare(
      "INSERT INTO notices (id, item_id, org_id, level, phase, posted_on, period_days, ends_on, "
      "contents, funding, posted_at, posted_by, audit_seq, period_working_days) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, n.id).bind(2, n.item_id).bind(3, n.org_id).bind(4, to_string(n.level));
  s->bind(5, to_string(n.phase)).bind(6, n.posted_on).bind(7, int64_t{n.period_days});
  s->bind(8, n.ends_on).bind(9, dump(n.contents)).bind(10, dump(n.funding));
  s->bind(11, n.posted_at).bind(12, n.posted_by).bind(13, n.audit_seq);
  std::optional<int64_t> working;
  if (n.period_working_days) working = *n.period_working_days;
  s->bind(14, working);
  s->run();
}

void SqliteStore::insert_objection(const Objection& o) {
  StatementScope s(db_.prepare(
      "INSERT INTO objections (id, notice_id, raised_on, channel, content, raised_at, raised_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, o.id).bind(2, o.notice_id).bind(3, o.raised_on).bind(4, o.channel);
  s->bind(5, o.content).bind(6, o.raised_at).bind(7, o.raised_by);
  s->run();
}

void SqliteStore::resolve_objection(const Objection& o) {
  StatementScope s(db_.prepare(
      "UPDATE objections SET resolution = ?, resolved_at = ?, resolved_by = ? "
      "WHERE id = ? AND resolution IS NULL"));
  s->bind(1, o.resolution).bind(2, o.resolved_at).bind(3, o.resolved_by).bind(4, o.id);
  s->run();
  TZ_ASSERT(sqlite3_changes(db_.handle()) == 1);  // the command checked it open in this job
}

}  // namespace taizhang::sqlite
