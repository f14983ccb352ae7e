// SqliteStore: alerts, their events, webhooks and deliveries (migration 005).
#include <algorithm>

#include "engine/base/assert.h"
#include "engine/storage/sqlite/alert_queries.h"
#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/sqlite/stored_json.h"

namespace taizhang::sqlite {

namespace {

constexpr std::string_view kDeliveryColumns =
    "id, webhook_id, event_id, state, attempts, next_attempt_ms, last_status, last_error, "
    "delivered_at";

template <typename T>
T parsed(std::optional<T> value, const char* what) {
  if (!value) throw StorageFailure(std::string("stored ") + what + " is not known");
  return *value;
}

Alert read_alert(const Statement& s) {
  Alert a;
  a.id = s.int64(0);
  a.item_id = s.int64(1);
  a.org_id = s.int64(2);
  a.stage = s.text(3);
  a.stage_entered_at = s.text(4);
  a.level = parsed(parse_alert_level(s.text(5)), "alert level");
  a.state = parsed(parse_alert_state(s.text(6)), "alert state");
  a.due_on = s.text(7);
  a.raised_at = s.text(8);
  a.recipients = parse_stored_json(s.text(9)).get<std::vector<int64_t>>();
  a.acked_at = s.opt_text(10);
  a.acked_by = s.opt_int64(11);
  a.resolved_at = s.opt_text(12);
  if (auto milestone = s.opt_int64(13)) a.milestone = static_cast<int>(*milestone);
  return a;
}

AlertEvent read_event(const Statement& s) {
  return AlertEvent{s.int64(0), s.int64(1), s.int64(2), s.text(3), s.text(4),
                    parse_stored_json(s.text(5))};
}

WebhookDelivery read_delivery(const Statement& s) {
  WebhookDelivery d;
  d.id = s.int64(0);
  d.webhook_id = s.int64(1);
  d.event_id = s.int64(2);
  d.state = parsed(parse_delivery_state(s.text(3)), "delivery state");
  d.attempts = static_cast<int>(s.int64(4));
  d.next_attempt_ms = s.int64(5);
  if (auto status = s.opt_int64(6)) d.last_status = static_cast<int>(*status);
  d.last_error = s.opt_text(7);
  d.delivered_at = s.opt_text(8);
  return d;
}

Webhook read_webhook(const Statement& s) {
  Webhook w;
  w.id = s.int64(0);
  w.url = s.text(1);
  w.format = parsed(parse_webhook_format(s.text(2)), "webhook format");
  w.org_id = s.opt_int64(3);
  for (const auto& l : parse_stored_json(s.text(4))) {
    w.levels.push_back(parsed(parse_alert_level(l.get<std::string>()), "alert level"));
  }
  w.secret = s.text(5);
  w.created_at = s.text(6);
  w.created_by = s.int64(7);
  return w;
}

constexpr std::string_view kWebhookColumns =
    "id, url, format, org_id, levels, secret, created_at, created_by";

std::vector<DueItem> read_due_items(Statement& s) {
  std::vector<DueItem> out;
  while (s.step()) {
    DueItem d;
    d.id = s.int64(0);
    d.org_id = s.int64(1);
    d.title = s.text(2);
    d.stage = s.text(3);
    d.stage_entered_at = s.text(4);
    d.due_on = s.text(5);
    d.responsible_id = s.opt_int64(6);
    if (auto raised = s.opt_text(7)) {
      std::string_view rest = *raised;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        auto level = parse_alert_level(rest.substr(0, comma));
        if (level) d.raised.push_back(*level);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

// 1 due_soon, 2 overdue, 3 escalated: items.alert_level (migration 006).
int level_rank(AlertLevel level) {
  switch (level) {
    case AlertLevel::due_soon: return 1;
    case AlertLevel::overdue: return 2;
    case AlertLevel::escalated: return 3;
  }
  return 1;
}

}  // namespace

std::vector<User> SqliteStore::users_with_role(Role role) {
  std::vector<int64_t> ids;
  {
    StatementScope s(db_.prepare("SELECT id FROM users WHERE role = ? ORDER BY id"));
    s->bind(1, to_string(role));
    while (s->step()) ids.push_back(s->int64(0));
  }
  std::vector<User> out;
  for (int64_t id : ids) {
    if (auto u = user(id)) out.push_back(std::move(*u));
  }
  return out;
}

std::vector<DueItem> SqliteStore::open_items_of_unit_due_by(int64_t org_id, std::string_view date,
                                                            const DueCursor& after, int limit) {
  StatementScope s(db_.prepare(kOpenItemsOfUnitDueBySql));
  s->bind(1, org_id).bind(2, after.due_on).bind(3, after.id).bind(4, date);
  s->bind(5, int64_t{limit});
  return read_due_items(*s);
}

std::vector<DueItem> SqliteStore::items_needing_alerts(const DueWindow& w, const DueCursor& after,
                                                      int limit) {
  // The index on (closed, due_on, id, alert_level) answers the whole test: an item whose highest
  // level raised so far (items.alert_level) is what its due date calls for is skipped without
  // reading its row.
  StatementScope s(db_.prepare(kItemsNeedingAlertsSql));
  s->bind(1, after.due_on).bind(2, after.id).bind(3, w.due_by).bind(4, w.escalated_by);
  s->bind(5, w.overdue_before).bind(6, int64_t{limit});
  return read_due_items(*s);
}

std::optional<DueItem> SqliteStore::due_item(int64_t item_id) {
  StatementScope s(db_.prepare(kDueItemSql));
  s->bind(1, item_id);
  auto found = read_due_items(*s);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Alert> SqliteStore::alerts_left_behind(int64_t after_id, int limit) {
  // The partial index on unresolved alerts by id (migration 007) walks only what is still open:
  // resolved alerts, which are most of the table in time, are never read.
  StatementScope s(db_.prepare(kAlertsLeftBehindSql));
  s->bind(1, after_id).bind(2, int64_t{limit});
  std::vector<Alert> out;
  while (s->step()) out.push_back(read_alert(*s));
  return out;
}

std::vector<WorkItem> SqliteStore::open_items_with_milestones(int64_t after_id, int limit) {
  std::vector<int64_t> ids;
  {
    StatementScope s(db_.prepare(
        "SELECT id FROM items INDEXED BY items_open_with_milestones "
        "WHERE milestones IS NOT NULL AND closed = 0 AND id > ? ORDER BY id LIMIT ?"));
    s->bind(1, after_id).bind(2, int64_t{limit});
    while (s->step()) ids.push_back(s->int64(0));
  }
  std::vector<WorkItem> out;
  for (int64_t id : ids) {
    if (auto it = item(id)) out.push_back(std::move(*it));
  }
  return out;
}

std::vector<std::pair<int, AlertLevel>> SqliteStore::milestone_alerts_raised(int64_t item_id) {
  StatementScope s(db_.prepare(
      "SELECT milestone, level FROM alerts WHERE item_id = ? AND milestone IS NOT NULL"));
  s->bind(1, item_id);
  std::vector<std::pair<int, AlertLevel>> out;
  while (s->step()) {
    out.emplace_back(static_cast<int>(s->int64(0)), parsed(parse_alert_level(s->text(1)), "alert level"));
  }
  return out;
}

std::vector<Alert> SqliteStore::unresolved_alerts(int64_t item_id) {
  StatementScope s(db_.prepare(kUnresolvedAlertsSql));
  s->bind(1, item_id);
  std::vector<Alert> out;
  while (s->step()) out.push_back(read_alert(*s));
  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) { return a.id < b.id; });
  return out;
}

std::optional<Alert> SqliteStore::alert(int64_t id) {
  StatementScope s(
      db_.prepare("SELECT " + kAlertColumns + " FROM alerts a WHERE a.id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_alert(*s);
}

std::vector<Alert> SqliteStore::alerts(const AlertQuery& q) {
  // Every filter is a bound parameter; the SQL text varies only by which filters are present.
  std::string sql = "SELECT " + kAlertColumns + " FROM alerts a WHERE a.id > ?1";
  if (q.state) sql += " AND a.state = ?2";
  if (q.level) sql += " AND a.level = ?3";
  if (q.org_ids) sql += " AND a.org_id IN (SELECT value FROM json_each(?4))";
  if (q.item_id) sql += " AND a.item_id = ?5";
  if (q.recipient) sql += " AND EXISTS (SELECT 1 FROM json_each(a.recipients) WHERE value = ?6)";
  sql += " ORDER BY a.id LIMIT ?7";
  StatementScope s(db_.prepare(sql));
  s->bind(1, q.after_id);
  if (q.state) s->bind(2, to_string(*q.state));
  if (q.level) s->bind(3, to_string(*q.level));
  if (q.org_ids) s->bind(4, dump(nlohmann::json(*q.org_ids)));
  if (q.item_id) s->bind(5, *q.item_id);
  if (q.recipient) s->bind(6, *q.recipient);
  s->bind(7, int64_t{q.limit});
  std::vector<Alert> out;
  while (s->step()) out.push_back(read_alert(*s));
  return out;
}

std::vector<AlertEvent> SqliteStore::alert_events(int64_t after_id,
                                                  const std::optional<std::set<int64_t>>& org_ids,
                                                  int limit) {
  std::string sql = "SELECT id, alert_id, org_id, event, at, alert FROM alert_events WHERE id > ?1";
  if (org_ids) sql += " AND org_id IN (SELECT value FROM json_each(?2))";
  sql += " ORDER BY id LIMIT ?3";
  StatementScope s(db_.prepare(sql));
  s->bind(1, after_id);
  if (org_ids) s->bind(2, dump(nlohmann::json(*org_ids)));
  s->bind(3, int64_t{limit});
  std::vector<AlertEvent> out;
  while (s->step()) out.push_back(read_event(*s));
  return out;
}

std::optional<AlertEvent> SqliteStore::alert_event(int64_t id) {
  StatementScope s(db_.prepare(
      "SELECT id, alert_id, org_id, event, at, alert FROM alert_events WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_event(*s);
}

int64_t SqliteStore::last_alert_event_id() {
  StatementScope s(db_.prepare("SELECT coalesce(max(id), 0) FROM alert_events"));
  s->step();
  return s->int64(0);
}

std::vector<Webhook> SqliteStore::webhooks() {
  StatementScope s(
      db_.prepare("SELECT " + std::string(kWebhookColumns) + " FROM webhooks ORDER BY id"));
  std::vector<Webhook> out;
  while (s->step()) out.push_back(read_webhook(*s));
  return out;
}

std::optional<Webhook> SqliteStore::webhook(int64_t id) {
  StatementScope s(
      db_.prepare("SELECT " + std::string(kWebhookColumns) + " FROM webhooks WHERE id = ?"));
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  return read_webhook(*s);
}

std::vector<WebhookDelivery> SqliteStore::deliveries(int64_t webhook_id, int64_t after_id,
                                                     int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kDeliveryColumns) +
                               " FROM webhook_deliveries WHERE webhook_id = ? AND id > ? "
                               "ORDER BY id LIMIT ?"));
  s->bind(1, webhook_id).bind(2, after_id).bind(3, int64_t{limit});
  std::vector<WebhookDelivery> out;
  while (s->step()) out.push_back(read_delivery(*s));
  return out;
}

std::vector<WebhookDelivery> SqliteStore::due_deliveries(int64_t now_ms, int limit) {
  StatementScope s(db_.prepare("SELECT " + std::string(kDeliveryColumns) +
                               " FROM webhook_deliveries WHERE state = 'pending' AND "
                               "next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?"));
  s->bind(1, now_ms).bind(2, int64_t{limit});
  std::vector<WebhookDelivery> out;
  while (s->step()) out.push_back(read_delivery(*s));
  return out;
}

std::optional<int64_t> SqliteStore::next_delivery_due_ms() {
  StatementScope s(db_.prepare(
      "SELECT min(next_attempt_ms) FROM webhook_deliveries WHERE state = 'pending'"));
  s->step();
  return s->opt_int64(0);
}

int64_t SqliteStore::insert_alert(const Alert& a) {
  StatementScope s(db_.prepare(
      "INSERT INTO alerts (item_id, org_id, stage, stage_entered_at, level, state, due_on, "
      "raised_at, recipients, acked_at, acked_by, resolved_at, milestone) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, a.item_id).bind(2, a.org_id).bind(3, a.stage).bind(4, a.stage_entered_at);
  s->bind(5, to_string(a.level)).bind(6, to_string(a.state)).bind(7, a.due_on);
  s->bind(8, a.raised_at).bind(9, dump(nlohmann::json(a.recipients))).bind(10, a.acked_at);
  s->bind(11, a.acked_by).bind(12, a.resolved_at);
  std::optional<int64_t> milestone;
  if (a.milestone) milestone = *a.milestone;
  s->bind(13, milestone);
  s->run();
  const int64_t id = db_.last_insert_id();
  // The item remembers the highest level raised for this stage visit (items_needing_alerts).
  StatementScope mark(db_.prepare(kMarkAlertLevelSql));
  mark->bind(1, int64_t{level_rank(a.level)}).bind(2, a.item_id).bind(3, a.stage);
  mark->bind(4, a.stage_entered_at);
  mark->run();
  return id;
}

void SqliteStore::update_alert(const Alert& a) {
  StatementScope s(db_.prepare(
      "UPDATE alerts SET state = ?, acked_at = ?, acked_by = ?, resolved_at = ? WHERE id = ?"));
  s->bind(1, to_string(a.state)).bind(2, a.acked_at).bind(3, a.acked_by).bind(4, a.resolved_at);
  s->bind(5, a.id);
  s->run();
  TZ_ASSERT(sqlite3_changes(db_.handle()) == 1);  // callers update only alerts they have read
}

int64_t SqliteStore::insert_alert_event(const AlertEvent& e) {
  StatementScope s(db_.prepare(
      "INSERT INTO alert_events (alert_id, org_id, event, at, alert) VALUES (?, ?, ?, ?, ?)"));
  s->bind(1, e.alert_id).bind(2, e.org_id).bind(3, e.event).bind(4, e.at).bind(5, dump(e.alert));
  s->run();
  return db_.last_insert_id();
}

int64_t SqliteStore::insert_webhook(const Webhook& w) {
  nlohmann::json levels = nlohmann::json::array();
  for (auto l : w.levels) levels.push_back(to_string(l));
  StatementScope s(db_.prepare(
      "INSERT INTO webhooks (url, format, org_id, levels, secret, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, w.url).bind(2, to_string(w.format)).bind(3, w.org_id).bind(4, dump(levels));
  s->bind(5, w.secret).bind(6, w.created_at).bind(7, w.created_by);
  s->run();
  return db_.last_insert_id();
}

void SqliteStore::insert_delivery(const WebhookDelivery& d) {
  StatementScope s(db_.prepare(
      "INSERT INTO webhook_deliveries (webhook_id, event_id, state, attempts, next_attempt_ms) "
      "VALUES (?, ?, ?, ?, ?)"));
  s->bind(1, d.webhook_id).bind(2, d.event_id).bind(3, to_string(d.state));
  s->bind(4, int64_t{d.attempts}).bind(5, d.next_attempt_ms);
  s->run();
}

void SqliteStore::update_delivery(const WebhookDelivery& d) {
  StatementScope s(db_.prepare(
      "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_ms = ?, "
      "last_status = ?, last_error = ?, delivered_at = ? WHERE id = ?"));
  std::optional<int64_t> status;
  if (d.last_status) status = *d.last_status;
  s->bind(1, to_string(d.state)).bind(2, int64_t{d.attempts}).bind(3, d.next_attempt_ms);
  s->bind(4, status).bind(5, d.last_error).bind(6, d.delivered_at).bind(7, d.id);
  s->run();
  TZ_ASSERT(sqlite3_changes(db_.handle()) == 1);  // deliveries are read, sent, then updated
}

}  // namespace taizhang::sqlite
