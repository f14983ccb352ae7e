#include "engine/items/item.h"

namespace taizhang {

namespace {
template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json snapshot(const WorkItem& item) {
  nlohmann::json j = {{"id", item.id},
                      {"workflow", item.workflow},
          {"workflow_version", item.workflow_version},
          {"title", item.title},
          {"org_id", item.org_id},
          {"stage", item.stage},
          {"stage_entered_at", item.stage_entered_at},
          {"due_on", or_null(item.due_on)},
          {"responsible_id", or_null(item.responsible_id)},
          {"budget_fen", or_null(item.budget_fen)},
          {"plan_year", item.plan_year},
          {"fields", item.fields},
          {"version", item.version},
          {"created_at", item.created_at},
          {"updated_at", item.updated_at}};
  if (item.deadline) j["deadline"] = *item.deadline;
  if (!item.milestones.empty()) {
    nlohmann::json& milestones = j["milestones"] = nlohmann::json::array();
    for (const Milestone& m : item.milestones) milestones.push_back(snapshot(m));
  }
  return j;
}

}  // namespace taizhang
