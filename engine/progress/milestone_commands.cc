#include "engine/progress/milestone_commands.h"

#include <algorithm>

#include "engine/audit/log.h"
#include "engine/access/permission.h"
#include "engine/access/scope_refusal.h"

namespace taizhang {

Result<WorkItem> reach_milestone(StoreWriter& store, const Principal& who, int64_t item_id,
                                 const MilestoneReached& request, TimePoint now) {
  auto current = store.item(item_id);
  if (!current) return fail(ErrorCode::not_found, "no item " + std::to_string(item_id));
  // An item outside the caller's scope answers as if absent, and the attempt is recorded, as on
  // transitions.
  if (!who.can_see_org(current->org_id)) {
    return std::unexpected(refuse_out_of_scope(store, who, "item.milestone", "item", item_id,
                                               current->org_id, now));
  }
  if (auto ok = require(who, Permission::plan_work); !ok) return std::unexpected(ok.error());
  if (request.if_match && *request.if_match != current->version) {
    return fail(ErrorCode::version_conflict,
                "the item is at version " + std::to_string(current->version) + ", not " +
                    std::to_string(*request.if_match) + "; reload it and try again");
  }
  auto milestone = std::find_if(current->milestones.begin(), current->milestones.end(),
                                [&](const Milestone& m) { return m.number == request.number; });
  if (milestone == current->milestones.end()) {
    return fail(ErrorCode::not_found, "item " + std::to_string(item_id) + " has no milestone " +
                                          std::to_string(request.number) + " (it has " +
                                          std::to_string(current->milestones.size()) + ")");
  }
  if (current->closed) {
    return fail(ErrorCode::conflict, "item " + std::to_string(item_id) + " is closed");
  }
  if (milestone->reached()) {
    return fail(ErrorCode::conflict, "milestone " + std::to_string(request.number) +
                                         " was recorded reached on " + *milestone->reached_on);
  }
  const std::string today = format_date(shanghai_date(now));
  std::string reached_on = today;
  if (request.reached_on) {
    auto day = parse_date(*request.reached_on);
    if (!day) {
      return fail(ErrorCode::invalid_field, "reached_on must be a date YYYY-MM-DD", "reached_on");
    }
    reached_on = format_date(*day);
  }
  // Dates are YYYY-MM-DD, so text order is date order.
  if (reached_on > today || reached_on < current->created_at.substr(0, 10)) {
    return fail(ErrorCode::invalid_field,
                "reached_on must be a day from the item's creation (" +
                    current->created_at.substr(0, 10) + ") to today (" + today + ")",
                "reached_on");
  }
  WorkItem next = *current;
  const auto index = static_cast<std::size_t>(milestone - current->milestones.begin());
  Milestone& reached = next.milestones[index];
  reached.reached_on = reached_on;
  reached.reached_by = who.user.id;
  next.version = current->version + 1;
  next.updated_at = format_rfc3339(now);
  store.update_item(next);
  append_audit(store, now,
               {who.actor(), "item.milestone", "item", std::to_string(item_id),
                {{"item_patch", undo_patch(snapshot(*current), snapshot(next))}},
                {{"item", snapshot(next)}, {"milestone", snapshot(reached)}}},
               next.org_id);
  return next;
}

}  // namespace taizhang
