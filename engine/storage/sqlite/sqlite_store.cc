#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/sqlite/startup_queries.h"

#include "engine/base/assert.h"
#include "engine/storage/sqlite/stored_json.h"

namespace taizhang::sqlite {

namespace {

constexpr std::string_view kItemColumns =
    "id, workflow, workflow_version, title, org_id, stage, stage_entered_at, due_on, "
    "responsible_id, budget_fen, plan_year, fields, version, closed, created_at, updated_at, "
    "deadline, milestones";

WorkItem read_item(const Statement& s) {
  WorkItem it;
  it.id = s.int64(0);
  it.workflow = s.text(1);
  it.workflow_version = s.int64(2);
  it.title = s.text(3);
  it.org_id = s.int64(4);
  it.stage = s.text(5);
  it.stage_entered_at = s.text(6);
  it.due_on = s.opt_text(7);
  it.responsible_id = s.opt_int64(8);
  it.budget_fen = s.opt_int64(9);
  it.plan_year = static_cast<int>(s.int64(10));
  // Most items have no fields: their text is not parsed.
  const std::string_view fields = s.text_view(11);
  it.fields = fields == "{}" ? nlohmann::json::object() : json_or_text(fields);
  it.version = s.int64(12);
  it.closed = s.int64(13) != 0;
  it.created_at = s.text(14);
  it.updated_at = s.text(15);
  it.deadline = s.opt_text(16);
  if (auto milestones = s.opt_text(17)) {
    try {
      it.milestones = milestones_from_json(parse_stored_json(*milestones));
    } catch (const nlohmann::json::exception&) {
      throw StorageFailure("stored milestones of item " + std::to_string(it.id) + " are malformed");
    }
  }
  return it;
}

void bind_item(Statement& s, const WorkItem& it) {
  s.bind(1, it.workflow)
      .bind(2, it.workflow_version)
      .bind(3, it.title)
      .bind(4, it.org_id)
      .bind(5, it.stage)
      .bind(6, it.stage_entered_at)
      .bind(7, it.due_on)
      .bind(8, it.responsible_id)
      .bind(9, it.budget_fen)
      .bind(10, int64_t{it.plan_year})
      .bind(11, dump(it.fields))
      .bind(12, it.version)
      .bind(13, int64_t{it.closed ? 1 : 0})
      .bind(14, it.created_at)
      .bind(15, it.updated_at)
      .bind(16, it.deadline);
  std::optional<std::string> milestones;
  if (!it.milestones.empty()) {
    nlohmann::json all = nlohmann::json::array();
    for (const Milestone& m : it.milestones) all.push_back(snapshot(m));
    milestones = dump(all);
  }
  s.bind(18, milestones);
}

}  // namespace

std::optional<WorkItem> SqliteStore::item(int64_t id) {
  StatementScope s(db_.prepare("SELECT " + std::string(kItemColumns) + " FROM items WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_item(*s);
}

void SqliteStore::item_texts(int64_t after_id, int limit, std::vector<StoredItemText>& page) {
  StatementScope s(db_.prepare("SELECT " + std::string(kItemColumns) +
                               " FROM items WHERE id > ? ORDER BY id LIMIT ?"));
  s->bind(1, after_id).bind(2, int64_t{limit});
  size_t n = 0;
  while (s->step()) {
    if (n == page.size()) page.emplace_back();
    StoredItemText& row = page[n++];
    row.id = s->int64(0);
    row.workflow.assign(s->text_view(1));
    row.workflow_version = s->int64(2);
    row.stage.assign(s->text_view(5));
    row.closed = s->int64(13) != 0;
    row.text.clear();
    append_snapshot_text({row.id, row.workflow, row.workflow_version, s->text_view(3), s->int64(4),
                          row.stage, s->text_view(6), s->opt_text_view(7), s->opt_text_view(16),
                          s->opt_int64(8), s->opt_int64(9), s->int64(10), s->text_view(11),
                          s->opt_text_view(17).value_or(""), s->int64(12), s->text_view(14),
                          s->text_view(15)},
                         row.text);
  }
  page.resize(n);
}

std::vector<WorkItem> SqliteStore::items(const ItemQuery& q) {
  // Every filter is a bound parameter; the SQL text varies only by which filters are present.
  // Overdue pages walk the open items in id order and stop when the page is full; left to
  // itself the planner may prefer (closed, due_on) and sort every overdue item per page.
  const bool walk_open = q.overdue_on && !q.org_ids && !q.by_due;
  std::string sql = "SELECT " + std::string(kItemColumns) + " FROM items" +
                    (walk_open ? " INDEXED BY items_open_by_id" : "") +
                    (q.by_due ? " WHERE (coalesce(due_on, ?10), id) > (?11, ?1)" : " WHERE id > ?1");
  if (q.org_ids) sql += " AND org_id IN (SELECT value FROM json_each(?2))";
  if (q.workflow) sql += " AND workflow = ?3";
  if (q.stage) sql += " AND stage = ?4";
  if (q.overdue_on) sql += " AND closed = 0 AND due_on IS NOT NULL AND due_on < ?5";
  // instr, not LIKE: the user's text is matched as typed, % and _ included.
  if (q.title_contains) sql += " AND instr(title, ?7) > 0";
  if (q.due_from) sql += " AND due_on >= ?8";
  if (q.due_to) sql += " AND due_on <= ?9";
  if (q.responsible_id) sql += " AND responsible_id = ?12";
  sql += q.by_due ? " ORDER BY coalesce(due_on, ?10), id LIMIT ?6" : " ORDER BY id LIMIT ?6";
  StatementScope s(db_.prepare(sql));
  s->bind(1, q.after_id);
  if (q.org_ids) s->bind(2, dump(nlohmann::json(*q.org_ids)));
  if (q.workflow) s->bind(3, *q.workflow);
  if (q.stage) s->bind(4, *q.stage);
  if (q.overdue_on) s->bind(5, *q.overdue_on);
  s->bind(6, int64_t{q.limit});
  if (q.title_contains) s->bind(7, *q.title_contains);
  if (q.due_from) s->bind(8, *q.due_from);
  if (q.due_to) s->bind(9, *q.due_to);
  if (q.by_due) {
    s->bind(10, std::string(kNoDueKey));
    s->bind(11, q.after_due_key);
  }
  if (q.responsible_id) s->bind(12, *q.responsible_id);
  std::vector<WorkItem> out;
  while (s->step()) out.push_back(read_item(*s));
  return out;
}

namespace {

constexpr const char* kHistoryColumns =
    "SELECT id, item_id, at, actor_id, action, from_stage, to_stage, comment, fields, "
    "audit_seq, due_on, deadline FROM item_history ";

std::vector<HistoryEntry> read_history(Statement& s) {
  std::vector<HistoryEntry> out;
  while (s.step()) {
    HistoryEntry h;
    h.id = s.int64(0);
    h.item_id = s.int64(1);
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
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

std::vector<HistoryEntry> SqliteStore::history_lines(int64_t after_id, int limit) {
  StatementScope s(db_.prepare(std::string(kHistoryColumns) + "WHERE id > ? ORDER BY id LIMIT ?"));
  s->bind(1, after_id).bind(2, int64_t{limit});
  return read_history(*s);
}

int SqliteStore::each_history_line(int64_t after_id, int limit,
                                   const std::function<void(const HistoryLineView&)>& each) {
  StatementScope s(db_.prepare(std::string(kHistoryColumns) + "WHERE id > ? ORDER BY id LIMIT ?"));
  s->bind(1, after_id).bind(2, int64_t{limit});
  int n = 0;
  while (s->step()) {
    each({s->int64(0), s->int64(1), s->text_view(2), s->opt_int64(3), s->text_view(4),
          s->opt_text_view(5), s->text_view(6), s->opt_text_view(7), s->opt_text_view(8),
          s->int64(9), s->opt_text_view(10), s->opt_text_view(11)});
    ++n;
  }
  return n;
}

std::vector<StageClosedGroup> SqliteStore::items_by_stage_and_closed() {
  StatementScope s(db_.prepare(kItemsByStageAndClosedSql));
  std::vector<StageClosedGroup> out;
  while (s->step()) {
    out.push_back({s->text(0), s->int64(1), s->text(2), s->int64(3) != 0, s->int64(4),
                   s->int64(5)});
  }
  return out;
}

std::vector<HistoryEntry> SqliteStore::history(int64_t item_id, int64_t after_id, int limit) {
  StatementScope s(db_.prepare(std::string(kHistoryColumns) +
                               "WHERE item_id = ? AND id > ? ORDER BY id LIMIT ?"));
  s->bind(1, item_id).bind(2, after_id).bind(3, int64_t{limit});
  return read_history(*s);
}

std::vector<ItemCount> SqliteStore::item_counts(std::string_view today,
                                              std::string_view due_soon_until) {
  StatementScope s(db_.prepare(
      "SELECT org_id, workflow, stage, closed, count(*), "
      "sum(closed = 0 AND due_on IS NOT NULL AND due_on < ?1), "
      "sum(closed = 0 AND due_on IS NOT NULL AND due_on >= ?1 AND due_on <= ?2) "
      "FROM items GROUP BY org_id, workflow, stage, closed ORDER BY org_id, workflow, stage"));
  s->bind(1, today).bind(2, due_soon_until);
  std::vector<ItemCount> out;
  while (s->step()) {
    out.push_back(ItemCount{s->int64(0), s->text(1), s->text(2), s->int64(3) != 0, s->int64(4),
                            s->int64(5), s->int64(6)});
  }
  return out;
}

int64_t SqliteStore::count_items() {
  StatementScope s(db_.prepare("SELECT count(*) FROM items"));
  s->step();
  return s->int64(0);
}

void SqliteStore::load_user_orgs(User& user) {
  StatementScope s(db_.prepare("SELECT org_id FROM user_orgs WHERE user_id = ? ORDER BY org_id"));
  s->bind(1, user.id);
  while (s->step()) user.org_ids.push_back(s->int64(0));
}

std::optional<User> SqliteStore::one_user(Statement& s) {
  if (!s.step()) return std::nullopt;
  User u;
  u.id = s.int64(0);
  u.name = s.text(1);
  auto role = parse_role(s.text(2));
  if (!role) throw StorageFailure("stored user has an unknown role");
  u.role = *role;
  u.created_at = s.text(3);
  u.disabled_at = s.opt_text(4);
  s.reset();
  load_user_orgs(u);
  return u;
}

std::optional<User> SqliteStore::user(int64_t id) {
  StatementScope s(db_.prepare("SELECT id, name, role, created_at, disabled_at FROM users WHERE id = ?"));
  s->bind(1, id);
  return one_user(*s);
}

std::vector<User> SqliteStore::users_named(std::string_view name) {
  std::vector<int64_t> ids;
  {
    StatementScope s(db_.prepare("SELECT id FROM users WHERE name = ? ORDER BY id LIMIT 10"));
    s->bind(1, name);
    while (s->step()) ids.push_back(s->int64(0));
  }
  std::vector<User> out;
  for (int64_t id : ids) {
    if (auto u = user(id)) out.push_back(std::move(*u));
  }
  return out;
}

std::vector<OrgUnit> SqliteStore::orgs() {
  StatementScope s(db_.prepare(
      "SELECT o.id, o.name, o.kind, o.parent_id, o.facts, p.name FROM orgs o "
      "LEFT JOIN orgs p ON p.id = o.parent_id ORDER BY o.id"));
  std::vector<OrgUnit> out;
  while (s->step()) {
    OrgUnit u;
    u.id = s->int64(0);
    u.name = s->text(1);
    u.kind = s->text(2);
    u.parent_id = s->opt_int64(3);
    u.facts = parse_stored_json(s->text(4));
    u.parent_name = s->text(5);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<StoredWorkflow> SqliteStore::workflow_versions() {
  StatementScope s(db_.prepare(
      "SELECT workflow, version, sha256, definition, loaded_at FROM workflow_versions "
      "ORDER BY workflow, version"));
  std::vector<StoredWorkflow> out;
  while (s->step()) {
    out.push_back({s->text(0), s->int64(1), s->text(2), s->text(3), s->text(4)});
  }
  return out;
}

std::optional<std::string> SqliteStore::logged_workflow_sha256(std::string_view workflow,
                                                               int64_t version) {
  StatementScope s(db_.prepare(kLoggedWorkflowSha256Sql));
  s->bind(1, std::string(workflow) + "@" + std::to_string(version));
  if (!s->step()) return std::nullopt;
  auto after = nlohmann::json::parse(s->opt_text(0).value_or(""), nullptr, false);
  if (!after.is_object() || !after.contains("sha256") || !after["sha256"].is_string()) {
    return std::nullopt;
  }
  return after["sha256"].get<std::string>();
}

namespace {


std::vector<AuditRecord> read_audit(Statement& s) {
  std::vector<AuditRecord> out;
  while (s.step()) {
    AuditRecord r;
    r.seq = s.int64(0);
    r.at = s.text(1);
    r.actor = s.text(2);
    r.action = s.text(3);
    r.entity = s.text(4);
    r.entity_id = s.text(5);
    r.before = stored_json_or_text(s.opt_text(6));
    r.after = stored_json_or_text(s.opt_text(7));
    r.prev_hash = s.text(8);
    r.hash = s.text(9);
    r.org_id = s.opt_int64(10);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::vector<AuditRecord> SqliteStore::audit(int64_t after_seq, int limit) {
  StatementScope s(db_.prepare(std::string(kAuditColumns) + "WHERE a.seq > ? ORDER BY a.seq LIMIT ?"));
  s->bind(1, after_seq).bind(2, int64_t{limit});
  return read_audit(*s);
}

void SqliteStore::audit_text(int64_t after_seq, int limit, std::vector<StoredAuditRecord>& page) {
  StatementScope s(db_.prepare(
      "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash "
      "FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"));
  s->bind(1, after_seq).bind(2, int64_t{limit});
  size_t n = 0;
  while (s->step()) {
    if (n == page.size()) page.emplace_back();
    StoredAuditRecord& r = page[n++];
    r.record.seq = s->int64(0);
    r.record.at.assign(s->text_view(1));
    r.record.actor.assign(s->text_view(2));
    r.record.action.assign(s->text_view(3));
    r.record.entity.assign(s->text_view(4));
    r.record.entity_id.assign(s->text_view(5));
    r.record.before = nullptr;
    r.record.after = nullptr;
    r.text.before.assign(s->is_null(6) ? std::string_view("null") : s->text_view(6));
    r.text.after.assign(s->is_null(7) ? std::string_view("null") : s->text_view(7));
    r.record.prev_hash.assign(s->text_view(8));
    r.record.hash.assign(s->text_view(9));
  }
  page.resize(n);
}

std::vector<AuditRecord> SqliteStore::audit_of_access(int64_t after_seq, int limit) {
  StatementScope s(db_.prepare(kAuditOfAccessSql));
  s->bind(1, after_seq).bind(2, int64_t{limit});
  return read_audit(*s);
}

std::vector<AuditRecord> SqliteStore::audit_of_units(int64_t after_seq, int limit,
                                                     const std::set<int64_t>& org_ids) {
  if (org_ids.empty()) return {};
  // The unit tree is one township's villages: a list of that size binds as parameters.
  std::string in;
  for (size_t i = 0; i < org_ids.size(); ++i) in += i ? ", ?" : "?";
  StatementScope s(db_.prepare(
      "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after, "
      "a.prev_hash, a.hash, u.org_id FROM audit_units u JOIN audit_log a ON a.seq = u.seq "
      "WHERE u.org_id IN (" + in + ") AND u.seq > ? ORDER BY u.seq LIMIT ?"));
  int index = 1;
  for (int64_t id : org_ids) s->bind(index++, id);
  s->bind(index, after_seq);
  s->bind(index + 1, int64_t{limit});
  return read_audit(*s);
}

AuditHead SqliteStore::audit_head() {
  StatementScope s(db_.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  if (!s->step()) return AuditHead{};
  return AuditHead{s->int64(0), s->text(1)};
}

int64_t SqliteStore::insert_item(const WorkItem& item) {
  StatementScope s(db_.prepare(
      "INSERT INTO items (workflow, workflow_version, title, org_id, stage, stage_entered_at, "
      "due_on, responsible_id, budget_fen, plan_year, fields, version, closed, created_at, "
      "updated_at, deadline, milestones) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
      "?13, ?14, ?15, ?16, ?18)"));
  bind_item(*s, item);
  s->run();
  return db_.last_insert_id();
}

void SqliteStore::update_item(const WorkItem& item) {
  StatementScope s(db_.prepare(
      "UPDATE items SET workflow = ?1, workflow_version = ?2, title = ?3, org_id = ?4, "
      "stage = ?5, stage_entered_at = ?6, due_on = ?7, responsible_id = ?8, budget_fen = ?9, "
      "plan_year = ?10, fields = ?11, version = ?12, closed = ?13, created_at = ?14, "
      "updated_at = ?15, deadline = ?16, milestones = ?18 WHERE id = ?17"));
  bind_item(*s, item);
  s->bind(17, item.id);
  s->run();
  TZ_ASSERT(sqlite3_changes(db_.handle()) == 1);  // callers update only items they have read
}

int64_t SqliteStore::insert_history(const HistoryEntry& h) {
  StatementScope s(db_.prepare(
      "INSERT INTO item_history (item_id, at, actor_id, action, from_stage, to_stage, comment, "
      "fields, audit_seq, due_on, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, h.item_id)
      .bind(2, h.at)
      .bind(3, h.actor_id)
      .bind(4, h.action)
      .bind(5, h.from_stage)
      .bind(6, h.to_stage)
      .bind(7, h.comment);
  if (h.fields.is_null()) {
    s->bind(8, nullptr);
  } else {
    s->bind(8, dump(h.fields));
  }
  s->bind(9, h.audit_seq).bind(10, h.due_on).bind(11, h.deadline);
  s->run();
  return db_.last_insert_id();
}

void SqliteStore::append_audit(const AuditRecord& r, const AuditRecordText& text) {
  StatementScope s(db_.prepare(
      "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, "
      "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, r.seq).bind(2, r.at).bind(3, r.actor).bind(4, r.action).bind(5, r.entity);
  s->bind(6, r.entity_id);
  if (r.before.is_null()) s->bind(7, nullptr); else s->bind(7, text.before);
  if (r.after.is_null()) s->bind(8, nullptr); else s->bind(8, text.after);
  s->bind(9, r.prev_hash).bind(10, r.hash);
  s->run();
  if (r.org_id) {
    StatementScope u(db_.prepare("INSERT INTO audit_units (seq, org_id) VALUES (?, ?)"));
    u->bind(1, r.seq).bind(2, *r.org_id);
    u->run();
  }
}

int64_t SqliteStore::insert_user(const User& user, std::string_view token_sha256) {
  {
    StatementScope s(db_.prepare(
        "INSERT INTO users (name, role, token_sha256, created_at) VALUES (?, ?, ?, ?)"));
    s->bind(1, user.name).bind(2, to_string(user.role)).bind(3, token_sha256);
    s->bind(4, user.created_at);
    s->run();
  }
  int64_t id = db_.last_insert_id();
  for (int64_t org : user.org_ids) {
    StatementScope s(db_.prepare("INSERT INTO user_orgs (user_id, org_id) VALUES (?, ?)"));
    s->bind(1, id).bind(2, org).run();
  }
  return id;
}

int64_t SqliteStore::insert_org(const OrgUnit& unit) {
  StatementScope s(
      db_.prepare("INSERT INTO orgs (name, kind, parent_id, facts) VALUES (?, ?, ?, ?)"));
  s->bind(1, unit.name).bind(2, unit.kind).bind(3, unit.parent_id).bind(4, dump(unit.facts));
  s->run();
  return db_.last_insert_id();
}

void SqliteStore::insert_workflow_version(const StoredWorkflow& w) {
  StatementScope s(db_.prepare(
      "INSERT INTO workflow_versions (workflow, version, sha256, definition, loaded_at) "
      "VALUES (?, ?, ?, ?, ?)"));
  s->bind(1, w.workflow).bind(2, w.version).bind(3, w.sha256).bind(4, w.definition);
  s->bind(5, w.loaded_at);
  s->run();
}

std::optional<int64_t> SqliteStore::item_for_plan_source(std::string_view source_key) {
  StatementScope s(db_.prepare("SELECT item_id FROM plan_task_sources WHERE source_key = ?"));
  s->bind(1, source_key);
  if (!s->step()) return std::nullopt;
  return s->int64(0);
}

void SqliteStore::link_plan_source(std::string_view source_key, int64_t item_id) {
  StatementScope s(
      db_.prepare("INSERT INTO plan_task_sources (source_key, item_id) VALUES (?, ?)"));
  s->bind(1, source_key).bind(2, item_id).run();
}

}  // namespace taizhang::sqlite
