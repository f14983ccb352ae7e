#include "api/views/item_view.h"

#include "api/app.h"

namespace taizhang::api {

nlohmann::json item_json(const App& app, StoreReader& store, const WorkItem& item) {
  WorkflowPtr def = app.workflows().version(item.workflow, item.workflow_version);
  const Stage* stage = def ? def->stage(item.stage) : nullptr;
  const OrgUnit* org = app.orgs().find(item.org_id);
  nlohmann::json responsible = nullptr;
  if (item.responsible_id) {
    auto user = store.user(*item.responsible_id);
    responsible = {{"id", *item.responsible_id}, {"name", user ? user->name : ""}};
  }
  const std::string today = format_date(app.clock().today());
  bool overdue = item.overdue_on(today);
  nlohmann::json milestones = nlohmann::json::array();
  for (const Milestone& m : item.milestones) {
    nlohmann::json j = snapshot(m);
    j["overdue"] = !item.closed && !m.reached() && m.due_on < today;
    milestones.push_back(std::move(j));
  }
  return {{"id", item.id},
          {"workflow", item.workflow},
          {"workflow_version", item.workflow_version},
          {"title", item.title},
          {"org", {{"id", item.org_id}, {"name", org ? org->name : ""}}},
          {"stage", item.stage},
          {"stage_name", stage ? stage->name : item.stage},
          {"stage_entered_at", item.stage_entered_at},
          {"due_on", item.due_on ? nlohmann::json(*item.due_on) : nullptr},
          {"deadline", item.deadline ? nlohmann::json(*item.deadline) : nullptr},
          {"overdue", overdue},
          {"closed", item.closed},
          {"responsible", responsible},
          {"budget_fen", item.budget_fen ? nlohmann::json(*item.budget_fen) : nullptr},
          {"plan_year", item.plan_year},
          {"fields", item.fields},
          {"milestones", std::move(milestones)},
          {"version", item.version},
          {"created_at", item.created_at},
          {"updated_at", item.updated_at}};
}

std::string item_etag(const WorkItem& item) { return "\"" + std::to_string(item.version) + "\""; }

}  // namespace taizhang::api
