// commit_plan_tasks: one plan_task item per task of an imported plan. See plan_import.h.
#include "engine/plan/plan_import.h"

#include "engine/base/digest.h"
#include "engine/progress/item_commands.h"

// An imported task becomes an item titled with at most kMaxPlanTitleChars characters (up to 4
// bytes each in UTF-8) and "…" (3 bytes): the import must never produce a title that item
// creation refuses.
static_assert(taizhang::kMaxPlanTitleChars * 4 + 3 <= taizhang::kMaxTitleBytes,
              "an imported plan task's title must fit an item title");

namespace taizhang {

std::string plan_source_key(int year, int64_t org_id, const PlanTask& task) {
  return "plan:" + std::to_string(year) + ":org" + std::to_string(org_id) + ":" +
         sha256_hex(task.path + "\n" + task.title);
}

Result<ImportResult> commit_plan_tasks(StoreWriter& store, const ItemRules& rules,
                                       const Principal& who, const PlanImport& plan,
                                       int64_t org_id, TimePoint now) {
  // Checked before anything else: a caller outside the unit learns nothing of its items, not
  // even that they exist.
  if (who.user.role != Role::manager && who.user.role != Role::admin) {
    return fail(ErrorCode::forbidden, "only managers and admins import plans");
  }
  if (!who.can_see_org(org_id)) {
    return fail(ErrorCode::forbidden, "you may not import plans for this unit");
  }
  ImportResult out;
  for (const auto& task : plan.tasks) {
    std::string key = plan_source_key(plan.year, org_id, task);
    if (auto id = store.item_for_plan_source(key)) {
      ++out.existing;
      out.existing_ids.push_back(*id);
      continue;
    }
    NewItem request;
    request.workflow = "plan_task";
    request.title = task.title;
    request.org_id = org_id;
    request.plan_year = plan.year;
    if (task.due_on) request.due_on = format_date(*task.due_on);
    request.fields = {
        {"plan_path", task.path},
        {"time_expression", task.time_expression.empty()
                                ? nlohmann::json(nullptr)
                                : nlohmann::json(task.time_expression)},
        {"start_on", task.start_on ? nlohmann::json(format_date(*task.start_on))
                                   : nlohmann::json(nullptr)},
    };
    for (const PlanMilestone& m : task.milestones) {
      Milestone milestone;
      milestone.number = static_cast<int>(request.milestones.size()) + 1;
      milestone.words = m.words;
      milestone.time_expression = m.time_expression;
      if (m.start_on) milestone.start_on = format_date(*m.start_on);
      milestone.due_on = format_date(m.due_on);
      request.milestones.push_back(std::move(milestone));
    }
    auto item = create_item(store, rules, who, request, now);
    if (!item) {
      Error error = item.error();
      error.message = "plan task " + task.path + ": " + error.message;
      return std::unexpected(std::move(error));
    }
    store.link_plan_source(key, item->id);
    ++out.created;
    out.created_ids.push_back(item->id);
  }
  return out;
}

nlohmann::json to_json(const ImportResult& result) {
  return {{"created", result.created},
          {"existing", result.existing},
          {"created_ids", result.created_ids},
          {"existing_ids", result.existing_ids}};
}

}  // namespace taizhang
