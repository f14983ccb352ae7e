// The storage interface: what the engine needs from a database, and nothing more. SQLite
// implements it today (engine/sqlite/); a PostgreSQL implementation would implement the same two
// classes without touching the engine.
//
// A StoreReader sees one consistent snapshot for the life of the read transaction it belongs to.
// A StoreWriter runs inside the writer's group transaction (engine/writer.h); each job's changes
// commit or vanish together. Neither is thread-safe: one thread uses one at a time.
//
// Failures of the database itself (I/O error, disk full, corruption) throw StorageFailure; the
// Database and Writer catch it at their boundary and turn it into ErrorCode::internal, so no
// exception leaves the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/alerts/alert.h"
#include "engine/alerts/webhook.h"
#include "engine/audit_chain.h"
#include "engine/item.h"
#include "engine/ledger/entry.h"
#include "engine/ledger/fund.h"
#include "engine/notice/notice.h"
#include "engine/org.h"
#include "engine/principal.h"

namespace taizhang {

struct StorageFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ItemQuery {
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<std::string> workflow;
  std::optional<std::string> stage;
  std::optional<std::string> overdue_on;  // a date: open items due before it
  int64_t after_id = 0;                   // keyset pagination: ids greater than this
  int limit = 50;
};

struct FundQuery {
  std::optional<int> year;
  std::optional<FundSource> source;
  int64_t after_id = 0;
  int limit = 50;
};

struct NoticeQuery {
  std::optional<int64_t> item_id;
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<std::string> on_board;       // a date: notices posted by then and not yet ended
  int64_t after_id = 0;
  int limit = 50;
};

struct AlertQuery {
  std::optional<AlertState> state;
  std::optional<AlertLevel> level;
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<int64_t> item_id;
  std::optional<int64_t> recipient;          // only alerts routed to this user
  int64_t after_id = 0;
  int limit = 50;
};

// An open item with a due date, as the alert scanner sees it, with the levels already raised for
// its current stage visit.
struct DueItem {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string title;
  std::string stage;
  std::string stage_entered_at;
  std::string due_on;
  std::optional<int64_t> responsible_id;
  std::vector<AlertLevel> raised;
};

// Where a walk over open items by due date stands: the last (due_on, id) seen.
struct DueCursor {
  std::string due_on;  // "" before the first page
  int64_t id = 0;
  void advance(const DueItem& item) {
    due_on = item.due_on;
    id = item.id;
  }
};

// The day an alert scan looks at, as the due dates that matter: due on or before `due_by`
// (today + N) calls for due_soon, before `overdue_before` (today) overdue, on or before
// `escalated_by` (today − M) escalated.
struct DueWindow {
  std::string due_by;
  std::string overdue_before;
  std::string escalated_by;
};

// Tables whose rows carry the seq of their own audit record, and so get their id before the
// record is written (the writer is the only writer: max(id) + 1 cannot race).
enum class NumberedTable { funds, ledger_entries, notices, objections };

struct StoredWorkflow {
  std::string workflow;
  int64_t version = 0;
  std::string sha256;
  std::string definition;  // JSON text
  std::string loaded_at;
};

class StoreReader {
 public:
  virtual ~StoreReader() = default;

  virtual std::optional<WorkItem> item(int64_t id) = 0;
  virtual std::vector<WorkItem> items(const ItemQuery& query) = 0;
  virtual std::vector<HistoryEntry> history(int64_t item_id, int limit) = 0;
  virtual int64_t count_items() = 0;

  virtual std::optional<User> user_by_token_hash(std::string_view token_sha256) = 0;
  virtual std::optional<User> user(int64_t id) = 0;
  virtual std::vector<User> users_named(std::string_view name) = 0;

  virtual std::vector<OrgUnit> orgs() = 0;
  virtual std::vector<StoredWorkflow> workflow_versions() = 0;

  virtual std::vector<AuditRecord> audit(int64_t after_seq, int limit) = 0;
  virtual AuditHead audit_head() = 0;

  // The item an imported plan task became, if it was imported before.
  virtual std::optional<int64_t> item_for_plan_source(std::string_view source_key) = 0;

  virtual std::optional<Fund> fund(int64_t id) = 0;
  virtual std::vector<Fund> funds(const FundQuery& query) = 0;
  virtual FundTotals fund_totals(int64_t fund_id) = 0;

  // Entries come with their postings and reversed_by.
  virtual std::optional<LedgerEntry> ledger_entry(int64_t id) = 0;
  virtual std::optional<LedgerEntry> entry_by_idempotency_key(std::string_view key) = 0;
  virtual std::vector<LedgerEntry> item_ledger(int64_t item_id, int64_t after_id, int limit) = 0;
  // Every entry of every item in id order (for `audit verify`).
  virtual std::vector<LedgerEntry> ledger_entries(int64_t after_id, int limit) = 0;
  // The item's totals per fund (funds it was ever allocated from), in fund id order.
  virtual std::vector<std::pair<int64_t, LedgerTotals>> item_fund_totals(int64_t item_id) = 0;

  virtual std::optional<Notice> notice(int64_t id) = 0;
  virtual std::vector<Notice> notices(const NoticeQuery& query) = 0;
  virtual std::optional<Objection> objection(int64_t id) = 0;
  virtual std::vector<Objection> objections(int64_t notice_id) = 0;

  virtual std::vector<User> users_with_role(Role role) = 0;

  // Open items due on or before `date` (YYYY-MM-DD), in (due_on, id) order after `after`: the
  // index on (closed, due_on) yields just these, without walking every open item.
  virtual std::vector<DueItem> open_items_due_by(std::string_view date, const DueCursor& after,
                                                 int limit) = 0;
  // Open items in the window that still lack the highest level their due date calls for (for
  // their current stage visit), in (due_on, id) order after `after`. Items whose alerts are all
  // raised are skipped on an index alone.
  virtual std::vector<DueItem> items_needing_alerts(const DueWindow& window,
                                                    const DueCursor& after, int limit) = 0;
  // Unresolved alerts whose item has left the stage visit they were raised for, or closed.
  virtual std::vector<Alert> alerts_left_behind(int64_t after_id, int limit) = 0;
  virtual std::optional<Alert> alert(int64_t id) = 0;
  virtual std::vector<Alert> alerts(const AlertQuery& query) = 0;
  // Events after `after_id` in id order, of alerts in `org_ids` (nullopt: all).
  virtual std::vector<AlertEvent> alert_events(int64_t after_id,
                                               const std::optional<std::set<int64_t>>& org_ids,
                                               int limit) = 0;
  virtual std::optional<AlertEvent> alert_event(int64_t id) = 0;
  virtual int64_t last_alert_event_id() = 0;  // 0 when there are none

  virtual std::vector<Webhook> webhooks() = 0;
  virtual std::optional<Webhook> webhook(int64_t id) = 0;
  virtual std::vector<WebhookDelivery> deliveries(int64_t webhook_id, int64_t after_id,
                                                  int limit) = 0;
  // Pending deliveries whose next attempt is due by `now_ms`, oldest first.
  virtual std::vector<WebhookDelivery> due_deliveries(int64_t now_ms, int limit) = 0;
  // When the next pending delivery is due, if any.
  virtual std::optional<int64_t> next_delivery_due_ms() = 0;
};

class StoreWriter : public virtual StoreReader {
 public:
  virtual int64_t insert_item(const WorkItem& item) = 0;  // returns the new id
  virtual void update_item(const WorkItem& item) = 0;
  virtual int64_t insert_history(const HistoryEntry& entry) = 0;
  virtual void append_audit(const AuditRecord& record) = 0;
  virtual int64_t insert_user(const User& user, std::string_view token_sha256) = 0;
  virtual int64_t insert_org(const OrgUnit& unit) = 0;
  virtual void insert_workflow_version(const StoredWorkflow& stored) = 0;
  virtual void link_plan_source(std::string_view source_key, int64_t item_id) = 0;

  virtual int64_t next_id(NumberedTable table) = 0;
  // Rows carry their id (from next_id) and audit_seq.
  virtual void insert_fund(const Fund& fund) = 0;
  virtual void insert_ledger_entry(const LedgerEntry& entry) = 0;  // with its postings
  virtual void insert_notice(const Notice& notice) = 0;
  virtual void insert_objection(const Objection& objection) = 0;
  // Records the resolution of an open objection (the one change a notice's record allows).
  virtual void resolve_objection(const Objection& objection) = 0;

  virtual int64_t insert_alert(const Alert& alert) = 0;  // returns the new id
  virtual void update_alert(const Alert& alert) = 0;      // state, acked_*, resolved_at
  virtual int64_t insert_alert_event(const AlertEvent& event) = 0;  // returns the new id
  virtual int64_t insert_webhook(const Webhook& hook) = 0;           // returns the new id
  virtual void insert_delivery(const WebhookDelivery& delivery) = 0;
  virtual void update_delivery(const WebhookDelivery& delivery) = 0;
};

}  // namespace taizhang
