#include "engine/progress/item_commands.h"

#include "engine/access/scope_refusal.h"
#include "engine/audit/log.h"
#include "engine/progress/item_facts.h"
#include "engine/workflow/stage_deadline.h"

namespace taizhang {

namespace {

Result<void> validate_new_item(const ItemRules& rules, const Principal& who, const NewItem& n) {
  if (who.user.role != Role::manager && who.user.role != Role::admin) {
    return fail(ErrorCode::forbidden, "only managers and admins create work items");
  }
  WorkflowPtr def = rules.workflows.current(n.workflow);
  if (!def) return fail(ErrorCode::invalid_field, "no workflow named " + n.workflow, "workflow");
  if (n.title.find_first_not_of(" \t") == std::string::npos || n.title.size() > kMaxTitleBytes) {
    return fail(ErrorCode::invalid_field, "title must be 1 to 200 characters", "title");
  }
  if (!rules.orgs.find(n.org_id)) return fail(ErrorCode::invalid_field, "no such unit", "org");
  if (!who.can_see_org(n.org_id)) {
    return fail(ErrorCode::forbidden, "you may not create items for this unit");
  }
  if (n.plan_year < 2000 || n.plan_year > 2100) {
    return fail(ErrorCode::invalid_field, "plan_year must be between 2000 and 2100", "plan_year");
  }
  if (n.budget_fen && (*n.budget_fen < 0 || *n.budget_fen > kMaxAmountFen)) {
    return fail(ErrorCode::invalid_field, "budget_fen must be 0 to 10^13 fen", "budget_fen");
  }
  if (n.due_on && !parse_date(*n.due_on)) {
    return fail(ErrorCode::invalid_field, "due_on must be " + std::string(kDateRule), "due_on");
  }
  if (n.due_on && n.deadline) {
    return fail(ErrorCode::invalid_field, "give due_on or deadline, not both", "deadline");
  }
  if (auto ok = validate_new_milestones(n.milestones); !ok) return ok;
  return validate_fields(*def, n.fields);
}

}  // namespace

Result<void> validate_fields(const WorkflowDefinition& def, const nlohmann::json& fields,
                             const std::string& path) {
  if (!fields.is_object()) return fail(ErrorCode::invalid_field, "must be an object", path);
  if (fields.size() > kMaxFields) {
    return fail(ErrorCode::invalid_field, "at most 64 fields", path);
  }
  for (auto& [key, value] : fields.items()) {
    const FieldDeclaration* decl = def.field(key);
    if (!decl) {
      std::string known;
      for (const auto& f : def.fields) known += (known.empty() ? "" : ", ") + f.key;
      return fail(ErrorCode::invalid_field,
                  "workflow " + def.id + " has no field " + key + " (its fields: " + known + ")",
                  path + "." + key);
    }
    if (auto ok = check_field_value(*decl, value, path + "." + key); !ok) return ok;
  }
  if (fields.dump().size() > kMaxFieldsBytes) {
    return fail(ErrorCode::invalid_field, "fields exceed 16 KiB", path);
  }
  return {};
}

Result<WorkItem> create_item(StoreWriter& store, const ItemRules& rules, const Principal& who,
                             const NewItem& n, TimePoint now) {
  if (auto ok = validate_new_item(rules, who, n); !ok) return std::unexpected(ok.error());
  if (n.responsible_id) {
    auto user = store.user(*n.responsible_id);
    if (!user) return fail(ErrorCode::invalid_field, "no such user", "responsible");
  }
  WorkflowPtr def = rules.workflows.current(n.workflow);
  const std::string at = format_rfc3339(now);
  WorkItem item;
  item.workflow = def->id;
  item.workflow_version = def->version;
  item.title = n.title;
  item.org_id = n.org_id;
  item.stage = def->initial;
  item.stage_entered_at = at;
  // Without a due date of its own, an item with milestones is due on the last of them.
  item.due_on = n.due_on ? n.due_on : n.deadline ? std::nullopt : last_due_on(n.milestones);
  item.responsible_id = n.responsible_id;
  item.budget_fen = n.budget_fen;
  item.plan_year = n.plan_year;
  item.fields = n.fields;
  item.milestones = n.milestones;
  item.version = 1;
  item.closed = false;
  item.created_at = at;
  item.updated_at = at;
  if (!item.due_on) {
    auto due = due_on_entering(*def->stage(def->initial), item, n.deadline, shanghai_date(now),
                               rules.calendar);
    if (!due) return std::unexpected(due.error());
    item.due_on = due->due_on;
    item.deadline = due->deadline;
  }
  item.id = store.insert_item(item);
  AuditRecord rec = append_audit(store, now,
                                 {who.actor(), "item.create", "item", std::to_string(item.id),
                                  nullptr, {{"item", snapshot(item)}}},
                                 item.org_id);
  store.insert_history({0, item.id, at, who.user.id, "create", std::nullopt, item.stage,
                        std::nullopt, nullptr, rec.seq, item.due_on, item.deadline});
  return item;
}

Result<WorkItem> transition_item(StoreWriter& store, const ItemRules& rules, const Principal& who,
                                 int64_t item_id, const TransitionRequest& request,
                                 TimePoint now) {
  if (request.comment && request.comment->size() > kMaxCommentBytes) {
    return fail(ErrorCode::invalid_field, "comment exceeds 4096 bytes", "comment");
  }
  auto current = store.item(item_id);
  // An item outside the caller's scope answers as if absent, so ids reveal nothing; the
  // attempt is recorded.
  if (!current) return fail(ErrorCode::not_found, no_such("item", item_id));
  if (!who.can_see_org(current->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, "item.transition", "item", item_id, current->org_id, now));
  }
  WorkflowPtr def = rules.workflows.version(current->workflow, current->workflow_version);
  if (!def) {
    return fail(ErrorCode::internal, "workflow " + current->workflow + " version " +
                                         std::to_string(current->workflow_version) + " is missing");
  }
  if (auto ok = validate_fields(*def, request.fields); !ok) return std::unexpected(ok.error());
  const ItemFacts facts =
      item_facts(store, rules.orgs, rules.guards, *def, *current, format_date(shanghai_date(now)));
  auto next = plan_transition(*def, rules.guards, *current, who, request, facts, now,
                              rules.calendar);
  if (!next) return next;
  store.update_item(*next);
  nlohmann::json transition = {{"action", request.action},
                               {"from", current->stage},
                               {"to", next->stage},
                               {"comment", request.comment ? nlohmann::json(*request.comment)
                                                           : nlohmann::json(nullptr)},
                               {"fields", request.fields}};
  AuditRecord rec = append_audit(
      store, now,
      {who.actor(), "item.transition", "item", std::to_string(item_id),
       {{"item_patch", undo_patch(snapshot(*current), snapshot(*next))}},
       {{"item", snapshot(*next)}, {"transition", transition}}},
      next->org_id);
  store.insert_history({0, item_id, next->updated_at, who.user.id, request.action,
                        current->stage, next->stage, request.comment,
                        request.fields.empty() ? nlohmann::json(nullptr) : request.fields,
                        rec.seq, next->due_on, next->deadline});
  return next;
}

}  // namespace taizhang
