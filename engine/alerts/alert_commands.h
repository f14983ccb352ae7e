// Raising, acknowledging and resolving alerts, as write jobs. Each change writes the alert, its
// event (the stream's next id), one pending delivery per matching webhook (the outbox) and its
// audit record, in one transaction.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/alerts/alert.h"
#include "engine/alerts/webhook.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/alerts/alert_store.h"

namespace taizhang {

struct ScanReport {
  int64_t items_examined = 0;  // open items that lacked a level their due date calls for
  int64_t raised = 0;
  int64_t resolved = 0;
  bool complete = true;  // false: stopped at max_changes; call again to go on
};

// Where a full scan that stopped at its max_changes goes on from: the pass it is in and the last
// alert or item that pass has finished with. A default one starts a scan from the beginning.
struct ScanCursor {
  enum class Pass { left_behind, due, milestones };
  Pass pass = Pass::left_behind;
  int64_t after_alert_id = 0;  // left_behind: alerts up to this id are judged
  DueCursor after_due;         // due: items up to this (due_on, id) are judged
  int64_t after_item_id = 0;   // milestones: items up to this id are judged
};

// One pass over every open item with a due date: raises the alerts that apply and are not yet
// raised for the item's current stage visit, and resolves the unresolved alerts of items that
// have left the stage (or closed). Idempotent: a second pass at the same time changes nothing.
// Then the same for the unreached milestones of open items: one alert per milestone and level,
// resolved once the milestone is recorded reached or the item closes.
//
// It stops after about `max_changes` alerts raised or resolved (complete = false), so that a
// scan with much to do can run as several short write jobs instead of holding the writer; the
// next call with the same `cursor` goes on from the item or alert after the last one judged,
// so that a scan in many jobs reads each item and alert once, as a scan in one job does. What
// changes behind the cursor between two jobs is the scan that follows a write's to judge
// (scan_item_alerts), or the next full scan's. When the scan is complete, `cursor` is back at
// the beginning.
// Errors: none; it always succeeds (a storage failure throws StorageFailure, which the writer
// answers as internal or unavailable).
Result<ScanReport> scan_alerts(AlertWriter& store, const OrgTree& orgs, const AlertPolicy& policy,
                               TimePoint now, int64_t max_changes, ScanCursor& cursor);
// A whole scan in one write job. Errors: none.
Result<ScanReport> scan_alerts(AlertWriter& store, const OrgTree& orgs, const AlertPolicy& policy,
                               TimePoint now);

// The scan that follows a write: the same as scan_alerts, for the given items only. It reads each
// item's row and its unresolved alerts on their index, so its cost is that of the items, never
// of the database. Errors: none.
Result<ScanReport> scan_item_alerts(AlertWriter& store, const OrgTree& orgs,
                                    const AlertPolicy& policy, const std::vector<int64_t>& item_ids,
                                    TimePoint now);

// Acknowledges an open alert (anyone who can see it: no role is required).
// Errors: not_found (no such alert, or of a unit outside `who`'s scope: "access.denied" is
// recorded and commits), conflict (acked or resolved already).
Result<Alert> ack_alert(AlertWriter& store, const OrgTree& orgs, const Principal& who,
                        int64_t alert_id, TimePoint now);

// Who an alert goes to: the item's responsible person, and the supervisors scoped to the item's
// unit or a unit above it; escalated ones also to the township-wide supervisors (unscoped).
std::vector<int64_t> alert_recipients(const std::vector<User>& supervisors, const OrgTree& orgs,
                                      int64_t org_id, std::optional<int64_t> responsible_id,
                                      AlertLevel level);

// The alert as the API shows it: with the item's title, the unit's name, and days_overdue as of
// `today`.
nlohmann::json alert_json(const Alert& alert, std::string_view title, std::string_view org_name,
                          std::string_view today);

// Whether a webhook wants an alert of this unit and level.
bool webhook_matches(const Webhook& hook, const OrgTree& orgs, int64_t org_id, AlertLevel level);

}  // namespace taizhang
