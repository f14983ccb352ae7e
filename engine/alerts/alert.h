// Alerts: the system watching every open item's due date. An alert is raised once per item,
// stage visit and level — due_soon (within N days of due_on), overdue (past it), escalated
// (overdue M days or more) — routed to the people who must act, acknowledged by them, and
// resolved by itself when the item leaves the stage. A milestone of the item (milestone.h) is
// watched the same way, once per milestone and level. Every change is an AlertEvent, which feeds
// the live stream and the webhook outbox, and is in the audit chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace taizhang {

enum class AlertLevel { due_soon, overdue, escalated };
enum class AlertState { open, acked, resolved };

std::string_view to_string(AlertLevel level);
std::string_view to_string(AlertState state);
std::optional<AlertLevel> parse_alert_level(std::string_view text);
std::optional<AlertState> parse_alert_state(std::string_view text);
std::string_view chinese_name(AlertLevel level);  // 即将到期, 已逾期, 逾期升级

struct AlertPolicy {
  int due_soon_days = 7;        // N: due_soon from N days before due_on
  int escalate_after_days = 15;  // M: escalated once overdue M days or more
};

struct Alert {
  int64_t id = 0;
  int64_t item_id = 0;
  int64_t org_id = 0;
  std::string stage;
  std::string stage_entered_at;
  AlertLevel level = AlertLevel::due_soon;
  AlertState state = AlertState::open;
  std::string due_on;
  std::string raised_at;
  std::vector<int64_t> recipients;  // user ids
  std::optional<std::string> acked_at;
  std::optional<int64_t> acked_by;
  std::optional<std::string> resolved_at;
  // Set for an alert on a milestone of the item (its number); `stage` is then "milestone:N",
  // `stage_entered_at` the item's creation, and `due_on` the milestone's. It resolves when the
  // milestone is recorded reached or the item closes, not when the item changes stage.
  std::optional<int> milestone = std::nullopt;
};

// The `stage` an alert on milestone `number` carries: "milestone:2".
std::string milestone_alert_stage(int number);

// One change of an alert; `id` orders them all (the Server-Sent Events id).
struct AlertEvent {
  int64_t id = 0;
  int64_t alert_id = 0;
  int64_t org_id = 0;
  std::string event;  // raised | acked | resolved
  std::string at;
  nlohmann::json alert;  // the alert's JSON view after the change (alert_json)
};

// The alert as the audit log records it (every stored column).
nlohmann::json snapshot(const Alert& alert);

// The levels that apply on `today` to an item due on `due_on` (dates YYYY-MM-DD), lowest
// first: due_soon when 0 ≤ due_on − today ≤ N; overdue when today > due_on; escalated as well
// when today − due_on ≥ M. An item found already overdue is not told it is due soon.
std::vector<AlertLevel> levels_due(std::string_view due_on, std::string_view today,
                                   const AlertPolicy& policy);
// Whole days from due_on to today; negative before the due date.
int days_overdue(std::string_view due_on, std::string_view today);

}  // namespace taizhang
