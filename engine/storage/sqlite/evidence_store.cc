// SqliteStore: evidence attachments (migration 011).
#include "engine/base/assert.h"
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {

constexpr std::string_view kColumns =
    "id, item_id, kind, stage, sha256, size_bytes, media_type, name, width, height, taken_at, "
    "latitude_e6, longitude_e6, notice_id, entry_id, history_id, uploaded_at, uploaded_by, "
    "withdrawn_at, withdrawn_by, withdrawal_reason, audit_seq";

Attachment read_attachment(const Statement& s) {
  Attachment a;
  a.id = s.int64(0);
  a.item_id = s.int64(1);
  a.kind = s.text(2);
  a.stage = s.text(3);
  a.sha256 = s.text(4);
  a.size_bytes = s.int64(5);
  a.media_type = s.text(6);
  a.name = s.text(7);
  a.width = s.opt_int64(8);
  a.height = s.opt_int64(9);
  a.taken_at = s.opt_text(10);
  a.latitude_e6 = s.opt_int64(11);
  a.longitude_e6 = s.opt_int64(12);
  a.notice_id = s.opt_int64(13);
  a.entry_id = s.opt_int64(14);
  a.history_id = s.opt_int64(15);
  a.uploaded_at = s.text(16);
  a.uploaded_by = s.int64(17);
  a.withdrawn_at = s.opt_text(18);
  a.withdrawn_by = s.opt_int64(19);
  a.withdrawal_reason = s.opt_text(20);
  a.audit_seq = s.int64(21);
  return a;
}

std::vector<Attachment> read_all(Statement& s) {
  std::vector<Attachment> out;
  while (s.step()) out.push_back(read_attachment(s));
  return out;
}

}  // namespace

std::optional<Attachment> SqliteStore::attachment(int64_t id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kColumns) + " FROM attachments WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_attachment(*s);
}

std::vector<Attachment> SqliteStore::item_attachments(int64_t item_id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kColumns) +
                               " FROM attachments WHERE item_id = ? ORDER BY id"));
  s->bind(1, item_id);
  return read_all(*s);
}

std::vector<Attachment> SqliteStore::attachments(int64_t after_id, int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kColumns) +
                               " FROM attachments WHERE id > ? ORDER BY id LIMIT ?"));
  s->bind(1, after_id);
  s->bind(2, int64_t{limit});
  return read_all(*s);
}

std::vector<Attachment> SqliteStore::notice_attachments(int64_t notice_id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kColumns) +
                               " FROM attachments WHERE notice_id = ? ORDER BY id"));
  s->bind(1, notice_id);
  return read_all(*s);
}

std::set<std::string> SqliteStore::evidence_kinds(int64_t item_id) {
  StatementScope s(db_.prepare(
      "SELECT DISTINCT kind FROM attachments WHERE item_id = ? AND withdrawn_at IS NULL"));
  s->bind(1, item_id);
  std::set<std::string> out;
  while (s->step()) out.insert(s->text(0));
  return out;
}

bool SqliteStore::file_referenced(std::string_view sha256) {
  StatementScope s(db_.prepare("SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1"));
  s->bind(1, sha256);
  return s->step();
}

void SqliteStore::insert_attachment(const Attachment& a) {
  StatementScope s(db_.prepare(
      "INSERT INTO attachments (" + std::string(kColumns) +
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, a.id);
  s->bind(2, a.item_id);
  s->bind(3, a.kind);
  s->bind(4, a.stage);
  s->bind(5, a.sha256);
  s->bind(6, a.size_bytes);
  s->bind(7, a.media_type);
  s->bind(8, a.name);
  s->bind(9, a.width);
  s->bind(10, a.height);
  s->bind(11, a.taken_at);
  s->bind(12, a.latitude_e6);
  s->bind(13, a.longitude_e6);
  s->bind(14, a.notice_id);
  s->bind(15, a.entry_id);
  s->bind(16, a.history_id);
  s->bind(17, a.uploaded_at);
  s->bind(18, a.uploaded_by);
  s->bind(19, a.withdrawn_at);
  s->bind(20, a.withdrawn_by);
  s->bind(21, a.withdrawal_reason);
  s->bind(22, a.audit_seq);
  s->run();
}

void SqliteStore::withdraw_attachment(const Attachment& a) {
  StatementScope s(db_.prepare(
      "UPDATE attachments SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ? "
      "WHERE id = ? AND withdrawn_at IS NULL"));
  s->bind(1, a.withdrawn_at);
  s->bind(2, a.withdrawn_by);
  s->bind(3, a.withdrawal_reason);
  s->bind(4, a.id);
  s->run();
  TZ_ASSERT(sqlite3_changes(db_.handle()) == 1);  // the command checked it live in this job
}

}  // namespace taizhang::sqlite
