#include "engine/alerts/alert.h"

#include <date/date.h>

#include "engine/base/clock.h"

namespace taizhang {

std::string_view to_string(AlertLevel level) {
  switch (level) {
    case AlertLevel::due_soon: return "due_soon";
    case AlertLevel::overdue: return "overdue";
    case AlertLevel::escalated: return "escalated";
  }
  return "due_soon";
}

std::string_view to_string(AlertState state) {
  switch (state) {
    case AlertState::open: return "open";
    case AlertState::acked: return "acked";
    case AlertState::resolved: return "resolved";
  }
  return "open";
}

std::optional<AlertLevel> parse_alert_level(std::string_view text) {
  for (auto l : {AlertLevel::due_soon, AlertLevel::overdue, AlertLevel::escalated}) {
    if (to_string(l) == text) return l;
  }
  return std::nullopt;
}

std::optional<AlertState> parse_alert_state(std::string_view text) {
  for (auto s : {AlertState::open, AlertState::acked, AlertState::resolved}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

std::string_view chinese_name(AlertLevel level) {
  switch (level) {
    case AlertLevel::due_soon: return "即将到期";
    case AlertLevel::overdue: return "已逾期";
    case AlertLevel::escalated: return "逾期升级";
  }
  return "即将到期";
}

nlohmann::json snapshot(const Alert& a) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json j = {{"id", a.id},
          {"item_id", a.item_id},
          {"org_id", a.org_id},
          {"stage", a.stage},
          {"stage_entered_at", a.stage_entered_at},
          {"level", to_string(a.level)},
          {"state", to_string(a.state)},
          {"due_on", a.due_on},
          {"raised_at", a.raised_at},
          {"recipients", a.recipients},
          {"acked_at", opt(a.acked_at)},
          {"acked_by", opt(a.acked_by)},
          {"resolved_at", opt(a.resolved_at)}};
  // Only when set, so that the logged snapshot of a stage alert is what it always was.
  if (a.milestone) j["milestone"] = *a.milestone;
  return j;
}

std::string milestone_alert_stage(int number) { return "milestone:" + std::to_string(number); }

int days_overdue(std::string_view due_on, std::string_view today) {
  auto due = parse_date(due_on);
  auto now = parse_date(today);
  if (!due || !now) return 0;
  return static_cast<int>((date::sys_days(*now) - date::sys_days(*due)).count());
}

std::vector<AlertLevel> levels_due(std::string_view due_on, std::string_view today,
                                   const AlertPolicy& policy) {
  const int late = days_overdue(due_on, today);
  if (late < 0 && -late > policy.due_soon_days) return {};
  if (late <= 0) return {AlertLevel::due_soon};
  if (late >= policy.escalate_after_days) return {AlertLevel::overdue, AlertLevel::escalated};
  return {AlertLevel::overdue};
}

}  // namespace taizhang
