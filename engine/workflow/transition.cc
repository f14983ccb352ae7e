#include "engine/workflow/transition.h"

#include "engine/workflow/stage_deadline.h"

namespace taizhang {

namespace {

nlohmann::json merged_fields(const WorkItem& item, const nlohmann::json& update) {
  nlohmann::json out = item.fields.is_object() ? item.fields : nlohmann::json::object();
  if (update.is_object()) {
    for (auto& [key, value] : update.items()) out[key] = value;
  }
  return out;
}

std::string roles_text(const Transition& t) {
  std::string out;
  for (Role r : t.roles) out += (out.empty() ? "" : ", ") + std::string(to_string(r));
  return out;
}

}  // namespace

Result<WorkItem> plan_transition(const WorkflowDefinition& def, const GuardRegistry& guards,
                                 const WorkItem& item, const Principal& who,
                                 const TransitionRequest& request, const ItemFacts& facts,
                                 TimePoint now, const WorkingDayCalendar* calendar) {
  if (!who.can_see_org(item.org_id)) {
    return fail(ErrorCode::forbidden, "this item belongs to a unit outside your scope");
  }
  if (request.if_match && *request.if_match != item.version) {
    return fail(ErrorCode::version_conflict,
                "the item is at version " + std::to_string(item.version) + ", not " +
                    std::to_string(*request.if_match) + "; reload it and try again");
  }
  const Transition* t = def.find_transition(item.stage, request.action);
  if (!t) {
    const Stage* s = def.stage(item.stage);
    return fail(ErrorCode::illegal_transition,
                "action '" + request.action + "' is not available from stage " + item.stage +
                    (s ? " (" + s->name + ")" : ""));
  }
  if (!t->allows(who.user.role)) {
    return fail(ErrorCode::forbidden, "action '" + t->action + "' (" + t->name +
                                          ") is for role " + roles_text(*t) + ", not " +
                                          std::string(to_string(who.user.role)));
  }
  nlohmann::json fields = merged_fields(item, request.fields);
  // No comment reads as an empty one (a comment guard then blocks). The view must point at the
  // request's own string: a `cond ? *comment : ""` would make a temporary that dies here.
  const std::string_view comment =
      request.comment ? std::string_view(*request.comment) : std::string_view();
  GuardContext ctx{item.id, fields, comment, facts};
  std::vector<Blocker> blocked = guards.unmet(t->requires_, ctx);
  if (!blocked.empty()) {
    Error e{ErrorCode::guard_failed, "action '" + t->action + "' requires more: " +
                                         blocked.front().detail,
            "", std::move(blocked)};
    return std::unexpected(std::move(e));
  }
  WorkItem next = item;
  const std::string at = format_rfc3339(now);
  if (next.stage != t->to) next.stage_entered_at = at;
  next.stage = t->to;
  next.fields = std::move(fields);
  next.version = item.version + 1;
  next.updated_at = at;
  const Stage* to = def.stage(t->to);
  next.closed = to && to->final;
  if (to && (item.stage != t->to || request.deadline)) {
    auto due = due_on_entering(*to, item, request.deadline, shanghai_date(now), calendar);
    if (!due) return std::unexpected(due.error());
    next.due_on = due->due_on;
    next.deadline = due->deadline;
  }
  return next;
}

nlohmann::json available_actions(const WorkflowDefinition& def, const GuardRegistry& guards,
                                 const WorkItem& item, const Principal& who,
                                 const ItemFacts& facts) {
  nlohmann::json out = nlohmann::json::array();
  for (const Transition* t : def.transitions_from(item.stage)) {
    nlohmann::json blocked = nlohmann::json::array();
    if (!who.can_see_org(item.org_id)) {
      blocked.push_back({{"guard", "scope"}, {"detail", "item is outside your units"}});
    }
    if (!t->allows(who.user.role)) {
      blocked.push_back({{"guard", "role"}, {"detail", "requires role " + roles_text(*t)}});
    }
    GuardContext ctx{item.id, item.fields, std::nullopt, facts};
    for (const auto& b : guards.unmet(t->requires_, ctx)) {
      nlohmann::json j = {{"guard", b.guard}, {"detail", b.detail}};
      if (!b.field.empty()) j["field"] = b.field;
      blocked.push_back(std::move(j));
    }
    nlohmann::json requires_ = nlohmann::json::array();
    for (const auto& g : t->requires_) requires_.push_back(g.spec);
    const Stage* to = def.stage(t->to);
    out.push_back({{"action", t->action},
                   {"name", t->name},
                   {"to", t->to},
                   {"to_name", to ? to->name : t->to},
                   {"requires", requires_},
                   {"allowed", blocked.empty()},
                   {"blocked_by", blocked}});
  }
  return out;
}

}  // namespace taizhang
