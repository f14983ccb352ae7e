#include "engine/alerts/overdue_report.h"

#include <algorithm>
#include <limits>
#include <map>
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

Result<std::vector<OverdueRow>> overdue_report(AlertReader& store, const OrgTree& orgs,
                                               const AlertPolicy& policy, std::string_view today,
                                               const WorkflowCatalog* workflows) {
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

  std::unordered_map<int64_t, size_t> org_rank;
  for (size_t i = 0; i < orgs.units().size(); ++i) org_rank.emplace(orgs.units()[i].id, i);
  std::unordered_map<int64_t, std::optional<std::string>> people;
  StageNames stage_names(store, workflows);

  std::vector<OverdueRow> rows;
  for (DueCursor after;;) {
    auto page = store.open_items_due_by(horizon, after, kPageSize);
    if (!page.empty()) after.advance(page.back());  // before the rows are moved from
    for (auto& item : page) {
      auto levels = levels_due(item.due_on, today, policy);
      if (levels.empty()) continue;  // not in the window (or an unreadable due date)
      OverdueRow row;
      row.item_id = item.id;
      row.org_id = item.org_id;
      const OrgUnit* unit = orgs.find(item.org_id);
      row.org = unit ? unit->name : "#" + std::to_string(item.org_id);
      row.stage_name = stage_names.name(item);
      row.stage = std::move(item.stage);
      row.title = std::move(item.title);
      row.days_overdue = days_overdue(item.due_on, today);
      row.due_on = std::move(item.due_on);
      row.level = highest(levels);
      row.responsible_id = item.responsible_id;
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
      rows.push_back(std::move(row));
    }
    if (page.size() < static_cast<size_t>(kPageSize)) break;
  }

  auto rank = [&](int64_t org_id) {
    auto it = org_rank.find(org_id);
    return it == org_rank.end() ? std::numeric_limits<size_t>::max() : it->second;
  };
  std::sort(rows.begin(), rows.end(), [&](const OverdueRow& a, const OverdueRow& b) {
    const size_t ra = rank(a.org_id), rb = rank(b.org_id);
    if (ra != rb) return ra < rb;
    if (a.org_id != b.org_id) return a.org_id < b.org_id;  // units missing from the tree
    if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
    return a.item_id < b.item_id;
  });
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
