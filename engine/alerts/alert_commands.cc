#include "engine/alerts/alert_commands.h"

#include <algorithm>
#include <chrono>

#include <date/date.h>

#include "engine/access/scope_refusal.h"
#include "engine/audit/log.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;
constexpr const char* kScanner = "system:alerts";

// What one scan needs at hand for every change it writes.
struct ScanContext {
  AlertWriter& store;
  const OrgTree& orgs;
  std::vector<Webhook> hooks;
  TimePoint now;
  std::string at;
  std::string today;
};

std::string org_name(const OrgTree& orgs, int64_t org_id) {
  const OrgUnit* unit = orgs.find(org_id);
  return unit ? unit->name : "";
}

// The alert as the API shows it, from its snapshot (which its audit record holds as well).
nlohmann::json alert_view(nlohmann::json snapshot, const Alert& a, std::string_view title,
                          std::string_view org_name, std::string_view today) {
  snapshot["title"] = title;
  snapshot["org"] = org_name;
  snapshot["level_name"] = chinese_name(a.level);
  snapshot["days_overdue"] = std::max(0, days_overdue(a.due_on, today));
  return snapshot;
}

// Appends the alert's event and queues it for every webhook that wants it: the outbox is
// written in the same transaction as the change, so a restart delivers what was not delivered.
// `shot` is snapshot(alert).
void emit(ScanContext& c, const Alert& alert, nlohmann::json shot, const char* event,
          std::string_view title) {
  AlertEvent e{0, alert.id, alert.org_id, event, c.at,
               alert_view(std::move(shot), alert, title, org_name(c.orgs, alert.org_id), c.today)};
  e.id = c.store.insert_alert_event(e);
  for (const auto& hook : c.hooks) {
    if (!webhook_matches(hook, c.orgs, alert.org_id, alert.level)) continue;
    c.store.insert_delivery({0, hook.id, e.id, DeliveryState::pending, 0, unix_ms(c.now)});
  }
}

// What an alert is raised on: an item's stage visit, or one of its milestones.
struct Watched {
  int64_t item_id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> responsible_id;
  std::string_view title;
  std::string stage;
  std::string stage_entered_at;
  std::string due_on;
  std::optional<int> milestone;
};

// Writes the new alert, its audit record and its event, routed to who must act.
void raise(ScanContext& c, const Watched& w, AlertLevel level,
           const std::vector<User>& supervisors) {
  Alert a;
  a.item_id = w.item_id;
  a.org_id = w.org_id;
  a.stage = w.stage;
  a.stage_entered_at = w.stage_entered_at;
  a.level = level;
  a.state = AlertState::open;
  a.due_on = w.due_on;
  a.raised_at = c.at;
  a.recipients = alert_recipients(supervisors, c.orgs, w.org_id, w.responsible_id, level);
  a.milestone = w.milestone;
  a.id = c.store.insert_alert(a);
  nlohmann::json shot = snapshot(a);
  append_audit(c.store, c.now,
               {kScanner, "alert.raise", "alert", std::to_string(a.id), nullptr,
                {{"alert", shot}}},
               a.org_id);
  emit(c, a, std::move(shot), "raised", w.title);
}

void raise(ScanContext& c, const DueItem& item, AlertLevel level,
           const std::vector<User>& supervisors) {
  raise(c,
        Watched{item.id, item.org_id, item.responsible_id, item.title, item.stage,
                item.stage_entered_at, item.due_on, std::nullopt},
        level, supervisors);
}

// An alert on milestone `m` of `item`: routed like the item's own, due on the milestone's day;
// its "visit" is the item's life, from its creation.
void raise_for_milestone(ScanContext& c, const WorkItem& item, const Milestone& m,
                         AlertLevel level, const std::vector<User>& supervisors) {
  raise(c,
        Watched{item.id, item.org_id, item.responsible_id, item.title,
                milestone_alert_stage(m.number), item.created_at, m.due_on, m.number},
        level, supervisors);
}

// Raises what the unreached milestones of one open item call for and is not yet raised.
int64_t watch_milestones(ScanContext& c, const WorkItem& item, const AlertPolicy& policy,
                         const std::vector<User>& supervisors) {
  if (item.closed || item.milestones.empty()) return 0;
  const auto raised = c.store.milestone_alerts_raised(item.id);
  int64_t count = 0;
  for (const Milestone& m : item.milestones) {
    if (m.reached()) continue;
    for (AlertLevel level : levels_due(m.due_on, c.today, policy)) {
      if (std::find(raised.begin(), raised.end(), std::pair{m.number, level}) != raised.end()) {
        continue;
      }
      raise_for_milestone(c, item, m, level, supervisors);
      ++count;
    }
  }
  return count;
}

void resolve(ScanContext& c, const Alert& alert) {
  Alert after = alert;
  after.state = AlertState::resolved;
  after.resolved_at = c.at;
  c.store.update_alert(after);
  nlohmann::json shot = snapshot(after);
  append_audit(c.store, c.now,
               {kScanner, "alert.resolve", "alert", std::to_string(alert.id),
                {{"alert_patch", undo_patch(snapshot(alert), shot)}},
                {{"alert", shot}}},
               after.org_id);
  auto item = c.store.item(alert.item_id);
  emit(c, after, std::move(shot), "resolved", item ? item->title : "");
}

}  // namespace

std::vector<int64_t> alert_recipients(const std::vector<User>& supervisors, const OrgTree& orgs,
                                      int64_t org_id, std::optional<int64_t> responsible_id,
                                      AlertLevel level) {
  std::vector<int64_t> out;
  if (responsible_id) out.push_back(*responsible_id);
  std::vector<int64_t> chain = orgs.ancestors(org_id);
  chain.push_back(org_id);
  for (const auto& s : supervisors) {
    const bool township_wide = s.org_ids.empty();
    bool covers = false;
    for (int64_t unit : s.org_ids) {
      covers = covers || std::find(chain.begin(), chain.end(), unit) != chain.end();
    }
    if (covers || (township_wide && level == AlertLevel::escalated)) out.push_back(s.id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool webhook_matches(const Webhook& hook, const OrgTree& orgs, int64_t org_id, AlertLevel level) {
  if (std::find(hook.levels.begin(), hook.levels.end(), level) == hook.levels.end()) return false;
  if (!hook.org_id) return true;
  if (*hook.org_id == org_id) return true;
  auto above = orgs.ancestors(org_id);
  return std::find(above.begin(), above.end(), *hook.org_id) != above.end();
}

nlohmann::json alert_json(const Alert& a, std::string_view title, std::string_view org_name,
                          std::string_view today) {
  return alert_view(snapshot(a), a, title, org_name, today);
}

namespace {

// The page a pass reads next: no more rows than the changes still allowed, since each row read
// is (at least) one change, and a job reads nothing it will not judge.
int page_for(int64_t changes_left) {
  return static_cast<int>(std::clamp<int64_t>(changes_left, 1, kPage));
}

}  // namespace

Result<ScanReport> scan_alerts(AlertWriter& store, const OrgTree& orgs, const AlertPolicy& policy,
                               TimePoint now, int64_t max_changes, ScanCursor& cursor) {
  const auto today = shanghai_date(now);
  ScanContext c{store, orgs, store.webhooks(), now, format_rfc3339(now), format_date(today)};
  ScanReport report;
  auto changes = [&] { return report.resolved + report.raised; };
  auto stop = [&] {
    report.complete = false;
    return report;
  };
  using Pass = ScanCursor::Pass;
  if (cursor.pass == Pass::left_behind) {
    for (;;) {
      if (changes() >= max_changes) return stop();
      const int limit = page_for(max_changes - changes());
      auto page = store.alerts_left_behind(cursor.after_alert_id, limit);
      for (const auto& alert : page) {
        resolve(c, alert);
        ++report.resolved;
        cursor.after_alert_id = alert.id;
      }
      if (static_cast<int>(page.size()) < limit) break;
    }
    cursor.pass = Pass::due;
  }
  const std::vector<User> supervisors = store.users_with_role(Role::supervisor);
  if (cursor.pass == Pass::due) {
    auto day = [&](int offset) {
      return format_date(date::year_month_day(date::sys_days(today) + date::days(offset)));
    };
    const DueWindow window{day(policy.due_soon_days), c.today, day(-policy.escalate_after_days)};
    for (;;) {
      if (changes() >= max_changes) return stop();
      const int limit = page_for(max_changes - changes());
      auto page = store.items_needing_alerts(window, cursor.after_due, limit);
      for (const auto& item : page) {
        // An item often calls for two levels at once: the job stops between items, at its limit.
        if (changes() >= max_changes) return stop();
        ++report.items_examined;
        for (AlertLevel level : levels_due(item.due_on, c.today, policy)) {
          if (std::find(item.raised.begin(), item.raised.end(), level) != item.raised.end()) {
            continue;
          }
          raise(c, item, level, supervisors);
          ++report.raised;
        }
        cursor.after_due.advance(item);
      }
      if (static_cast<int>(page.size()) < limit) break;
    }
    cursor.pass = Pass::milestones;
  }
  for (;;) {
    auto page = store.open_items_with_milestones(cursor.after_item_id, kPage);
    for (const auto& item : page) {
      // Most items with milestones need nothing: the job stops between items, at its limit.
      if (changes() >= max_changes) return stop();
      report.raised += watch_milestones(c, item, policy, supervisors);
      cursor.after_item_id = item.id;
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }
  cursor = ScanCursor{};
  return report;
}

Result<ScanReport> scan_alerts(AlertWriter& store, const OrgTree& orgs, const AlertPolicy& policy,
                               TimePoint now) {
  ScanCursor from_the_beginning;
  return scan_alerts(store, orgs, policy, now, INT64_MAX, from_the_beginning);
}

Result<ScanReport> scan_item_alerts(AlertWriter& store, const OrgTree& orgs,
                                    const AlertPolicy& policy, const std::vector<int64_t>& item_ids,
                                    TimePoint now) {
  const auto today = shanghai_date(now);
  ScanContext c{store, orgs, store.webhooks(), now, format_rfc3339(now), format_date(today)};
  const std::vector<User> supervisors = store.users_with_role(Role::supervisor);
  ScanReport report;
  for (int64_t id : item_ids) {
    auto item = store.item(id);
    for (const auto& alert : store.unresolved_alerts(id)) {
      bool left_behind = !item || item->closed;
      if (!left_behind && alert.milestone) {
        auto m = std::find_if(item->milestones.begin(), item->milestones.end(),
                              [&](const Milestone& x) { return x.number == *alert.milestone; });
        left_behind = m == item->milestones.end() || m->reached();
      } else if (!left_behind) {
        left_behind = item->stage != alert.stage ||
                      item->stage_entered_at != alert.stage_entered_at;
      }
      if (!left_behind) continue;
      resolve(c, alert);
      ++report.resolved;
    }
    if (item) report.raised += watch_milestones(c, *item, policy, supervisors);
    auto due = store.due_item(id);
    if (!due) continue;
    ++report.items_examined;
    for (AlertLevel level : levels_due(due->due_on, c.today, policy)) {
      if (std::find(due->raised.begin(), due->raised.end(), level) != due->raised.end()) continue;
      raise(c, *due, level, supervisors);
      ++report.raised;
    }
  }
  return report;
}

Result<Alert> ack_alert(AlertWriter& store, const OrgTree& orgs, const Principal& who,
                        int64_t alert_id, TimePoint now) {
  auto alert = store.alert(alert_id);
  if (!alert) return fail(ErrorCode::not_found, no_such("alert", alert_id));
  if (!who.can_see_org(alert->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, "alert.ack", "alert", alert_id, alert->org_id, now));
  }
  if (alert->state != AlertState::open) {
    return fail(ErrorCode::conflict, "alert " + std::to_string(alert_id) + " is already " +
                                         std::string(to_string(alert->state)));
  }
  Alert after = *alert;
  after.state = AlertState::acked;
  after.acked_at = format_rfc3339(now);
  after.acked_by = who.user.id;
  store.update_alert(after);
  append_audit(store, now,
               {who.actor(), "alert.ack", "alert", std::to_string(alert_id),
                {{"alert_patch", undo_patch(snapshot(*alert), snapshot(after))}},
                {{"alert", snapshot(after)}}},
               after.org_id);
  // The ack is an event like the others, for the stream and the webhooks.
  ScanContext c{store, orgs, store.webhooks(), now, format_rfc3339(now),
                format_date(shanghai_date(now))};
  auto item = store.item(after.item_id);
  emit(c, after, snapshot(after), "acked", item ? item->title : "");
  return after;
}

}  // namespace taizhang
