#include "engine/verify/workflow_replay.h"

#include "engine/base/digest.h"

namespace taizhang {

void WorkflowReplay::apply(const AuditRecord& rec) {
  if (rec.entity != "workflow" || !rec.after.is_object() || !rec.after.contains("sha256") ||
      !rec.after["sha256"].is_string()) {
    return;
  }
  logged_[rec.entity_id] = rec.after["sha256"].get<std::string>();
}

std::optional<std::string> WorkflowReplay::compare_versions(StoreReader& store,
                                                            int64_t& versions_checked) {
  for (const auto& stored : store.workflow_versions()) {
    ++versions_checked;
    const std::string key = stored.workflow + "@" + std::to_string(stored.version);
    const std::string name = "workflow " + key;
    auto logged = logged_.find(key);
    if (logged == logged_.end()) return name + " is not in the audit log";
    if (sha256_hex(stored.definition) != logged->second) {
      return name + ": its stored definition is not the one its audit record logged";
    }
    if (stored.sha256 != logged->second) {
      return name + ": its stored SHA-256 differs from its audit record";
    }
    logged_.erase(logged);
  }
  if (!logged_.empty()) {
    return "workflow " + logged_.begin()->first +
           " is in the audit log but missing from the database";
  }
  return std::nullopt;
}

FinalStages::FinalStages(StoreReader& store) {
  for (const auto& stored : store.workflow_versions()) {
    auto doc = nlohmann::json::parse(stored.definition, nullptr, false);
    auto& finals = finals_[stored.workflow][stored.version];
    if (doc.is_object() && doc.contains("stages") && doc["stages"].is_array()) {
      for (const auto& stage : doc["stages"]) {
        if (stage.is_object() && stage.value("final", false) && stage.contains("id") &&
            stage["id"].is_string()) {
          finals.insert(stage["id"].get<std::string>());
        }
      }
    }
  }
}

std::optional<std::string> FinalStages::check_closed(const StoredItemText& item) const {
  const std::set<std::string, std::less<>>* finals = nullptr;
  if (auto workflow = finals_.find(std::string_view(item.workflow)); workflow != finals_.end()) {
    auto version = workflow->second.find(item.workflow_version);
    if (version != workflow->second.end()) finals = &version->second;
  }
  if (!finals) {
    return "item " + std::to_string(item.id) + " runs workflow " + item.workflow + "@" +
           std::to_string(item.workflow_version) + ", which is not stored";
  }
  const bool final = finals->contains(item.stage);
  if (item.closed != final) {
    return "item " + std::to_string(item.id) + " is marked " +
           (item.closed ? "closed" : "open") + " though its stage " + item.stage + " is " +
           (final ? "final" : "not final");
  }
  return std::nullopt;
}

}  // namespace taizhang
