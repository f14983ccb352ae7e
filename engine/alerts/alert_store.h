// What overdue alerts need from a database: the open items by due date (the index on
// (closed, due_on) walks just those), the alerts with their events, and who to tell.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/access/access_store.h"
#include "engine/alerts/alert.h"
#include "engine/alerts/webhook.h"
#include "engine/audit/audit_store.h"
#include "engine/items/item_store.h"

namespace taizhang {

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

class AlertReader : public virtual ItemReader, public virtual AccessReader {
 public:
  // At most `limit` open items of the unit `org_id` (not of the units below it) due on or before
  // `date` (YYYY-MM-DD), in (due_on, id) order after `after`; empty when there are no more (or
  // no such unit). The partial index on open dated items by (org_id, due_on) yields just these,
  // so the morning report walks one unit after another in its own order without sorting.
  virtual std::vector<DueItem> open_items_of_unit_due_by(int64_t org_id, std::string_view date,
                                                         const DueCursor& after, int limit) = 0;
  // At most `limit` open items in the window that still lack the highest level their due date
  // calls for (for their current stage visit), in (due_on, id) order after `after`; empty when
  // there are no more. Items whose alerts are all raised are skipped on an index alone.
  virtual std::vector<DueItem> items_needing_alerts(const DueWindow& window,
                                                    const DueCursor& after, int limit) = 0;
  // The item `item_id` as the scanner sees it; nullopt when it is closed, has no due date, or
  // does not exist. Reads one row and, through the alerts' unique index, the levels already
  // raised for its current stage visit.
  virtual std::optional<DueItem> due_item(int64_t item_id) = 0;
  // At most `limit` unresolved alerts with id > after_id, in id order, whose item has left the
  // stage visit they were raised for, or closed, or (for a milestone's alert) whose milestone is
  // recorded reached; empty when there are no more. Walks the unresolved alerts only.
  virtual std::vector<Alert> alerts_left_behind(int64_t after_id, int limit) = 0;
  // The unresolved alerts of one item, in id order; empty for an item without any (or no such
  // item). A handful, so no limit: one per level for the current stage visit, plus those of
  // visits the item has left since the scan that follows a write last ran (it resolves them).
  virtual std::vector<Alert> unresolved_alerts(int64_t item_id) = 0;
  // At most `limit` open items that have milestones, in id order after `after_id` (a partial
  // index holds just those: plan tasks, a few per plan); empty when there are no more.
  virtual std::vector<WorkItem> open_items_with_milestones(int64_t after_id, int limit) = 0;
  // The (milestone number, level) of every alert raised so far on the item's milestones,
  // resolved ones too, in no promised order; empty when none (or no such item).
  virtual std::vector<std::pair<int, AlertLevel>> milestone_alerts_raised(int64_t item_id) = 0;
  // nullopt when there is no alert `id`.
  virtual std::optional<Alert> alert(int64_t id) = 0;
  // At most query.limit alerts matching the query, in id order after query.after_id; empty
  // when there are no more.
  virtual std::vector<Alert> alerts(const AlertQuery& query) = 0;
  // At most `limit` events with id > after_id, in id order, of alerts in `org_ids` (nullopt:
  // every unit); empty when there are no more.
  virtual std::vector<AlertEvent> alert_events(int64_t after_id,
                                               const std::optional<std::set<int64_t>>& org_ids,
                                               int limit) = 0;
  // nullopt when there is no event `id`.
  virtual std::optional<AlertEvent> alert_event(int64_t id) = 0;
  virtual int64_t last_alert_event_id() = 0;  // 0 when there are none
  // Every webhook, in id order: who hears of an alert event (an office has a handful); empty
  // when none is configured.
  virtual std::vector<Webhook> webhooks() = 0;
};

// Every method needs a write job (engine/storage/writer.h); none commits by itself.
class AlertWriter : public virtual AlertReader, public virtual AuditWriter {
 public:
  // Stores a new alert (alert.id is ignored) and returns its id. The item's alert_level
  // remembers the highest level raised for its current stage visit, so that
  // items_needing_alerts skips it on the index. A second alert for the same item, stage visit
  // and level violates a unique index and throws StorageFailure.
  virtual int64_t insert_alert(const Alert& alert) = 0;
  // Writes state, acked_at, acked_by and resolved_at of the alert `alert.id`; the other
  // columns never change. The alert must exist (asserted: callers update only alerts they have
  // read). Does not touch the item's alert_level.
  virtual void update_alert(const Alert& alert) = 0;
  // Appends an event (event.id is ignored) and returns its id, the next in the stream's order.
  virtual int64_t insert_alert_event(const AlertEvent& event) = 0;
  // Queues one event for one webhook (the outbox, written in the alert's own transaction);
  // delivery.id is ignored. The same event twice for one webhook violates a unique index and
  // throws StorageFailure.
  virtual void insert_delivery(const WebhookDelivery& delivery) = 0;
};

}  // namespace taizhang
