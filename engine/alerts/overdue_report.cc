#include "engine/alerts/overdue_report.h"

#include <algorithm>
#include <unordered_map>

#include <date/date.h>

#include "engine/base/clock.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

namespace {

constexpr int kPageSize = 5000;

// Stage id → Chinese name over the current workflow definitions. A stage id that two workflows
// name differently (township_review is 乡镇审核 in one and 镇初审 in another) is ambiguous: its
// items are looked up one by one to find their workflow version.
class StageNames {
 public:
  StageNames(AlertReader& store, const WorkflowCatalog* workflows)
      : store_(store), workflows_(workflows) {
    if (!workflows_) return;
    for (const auto& def : workflows_->all_current()) {
      for (const auto& stage : def->stages) {
        auto [it, added] = unique_.emplace(stage.id, stage.name);
        if (!added && it->second != stage.name) ambiguous_.emplace(stage.id, true);
      }
    }
  }

  std::string name(const DueItem& item) {
    if (!workflows_) return item.stage;
    if (!ambiguous_.contains(item.stage)) {
      auto it = unique_.find(item.stage);
      if (it != unique_.end()) return it->second;
    }
    // Ambiguous or not a current stage (an older workflow version): ask the item.
    auto full = store_.item(item.id);
    if (!full) return item.stage;
    auto def = workflows_->version(full->workflow, full->workflow_version);
    if (!def) return item.stage;
    const Stage* stage = def->stage(item.stage);
    return stage ? stage->name : item.stage;
  }

 private:
  AlertReader& store_;
  const WorkflowCatalog* workflows_;
  std::unordered_map<std::string, std::string> unique_;
  std::unordered_map<std::string, bool> ambiguous_;
};

AlertLevel highest(const std::vector<AlertLevel>& levels) {
  AlertLevel top = levels.front();
  for (AlertLevel l : levels) {
    if (static_cast<int>(l) > static_cast<int>(top)) top = l;
  }
  return top;
}

}  // namespace

Result<void> each_overdue_row(AlertReader& store, const OrgTree& orgs, const AlertPolicy& policy,
                              std::string_view today, const WorkflowCatalog* workflows,
                              const std::function<void(const OverdueRow&)>& emit) {
  auto day = parse_date(today);
  if (!day) return fail(ErrorCode::invalid_field, "today must be " + std::string(kDateRule), "today");
  if (policy.due_soon_days < 0) {
    return fail(ErrorCode::invalid_field, "due_soon_days must be 0 or more", "due_soon_days");
  }
  if (policy.escalate_after_days < 1) {
    return fail(ErrorCode::invalid_field, "escalate_after_days must be 1 or more",
                "escalate_after_days");
  }
  const std::string horizon =
      format_date(date::year_month_day{date::sys_days(*day) + date::days{policy.due_soon_days}});

  std::unordered_map<int64_t, std::optional<std::string>> people;  // one per responsible person
  StageNames stage_names(store, workflows);
  OverdueRow row;
  for (const OrgUnit& unit : orgs.units()) {
    // Within a unit, (due_on, id) ascending is days overdue descending, then item id: the
    // index's own order.
    for (DueCursor after;;) {
      const auto page = store.open_items_of_unit_due_by(unit.id, horizon, after, kPageSize);
      for (const auto& item : page) {
        auto levels = levels_due(item.due_on, today, policy);
        if (levels.empty()) continue;  // not in the window (or an unreadable due date)
        row.item_id = item.id;
        row.org_id = item.org_id;
        row.org = unit.name;
        row.stage_name = stage_names.name(item);
        row.stage = item.stage;
        row.title = item.title;
        row.days_overdue = days_overdue(item.due_on, today);
        row.due_on = item.due_on;
        row.level = highest(levels);
        row.responsible_id = item.responsible_id;
        row.responsible.reset();
        if (item.responsible_id) {
          auto it = people.find(*item.responsible_id);
          if (it == people.end()) {
            auto user = store.user(*item.responsible_id);
            it = people.emplace(*item.responsible_id,
                                user ? std::optional<std::string>(user->name) : std::nullopt)
                     .first;
          }
          row.responsible = it->second;
        }
        emit(row);
      }
      if (page.size() < static_cast<size_t>(kPageSize)) break;
      after.advance(page.back());
    }
  }
  return {};
}

Result<std::vector<OverdueRow>> overdue_report(AlertReader& store, const OrgTree& orgs,
                                               const AlertPolicy& policy, std::string_view today,
                                               const WorkflowCatalog* workflows) {
  std::vector<OverdueRow> rows;
  auto done = each_overdue_row(store, orgs, policy, today, workflows,
                               [&](const OverdueRow& row) { rows.push_back(row); });
  if (!done) return std::unexpected(done.error());
  return rows;
}

nlohmann::json overdue_row_json(const OverdueRow& row) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"item_id", row.item_id},
          {"title", row.title},
          {"org_id", row.org_id},
          {"org", row.org},
          {"stage", row.stage},
          {"stage_name", row.stage_name},
          {"due_on", row.due_on},
          {"days_overdue", row.days_overdue},
          {"level", to_string(row.level)},
          {"level_name", chinese_name(row.level)},
          {"responsible_id", opt(row.responsible_id)},
          {"responsible", opt(row.responsible)}};
}

}  // namespace taizhang
