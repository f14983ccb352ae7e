#include "engine/workflow/catalog.h"

#include "engine/audit/log.h"
#include "engine/base/digest.h"

namespace taizhang {

Result<WorkflowCatalog> WorkflowCatalog::from_store(WorkflowReader& store,
                                                    const GuardRegistry& guards) {
  WorkflowCatalog catalog;
  for (const auto& stored : store.workflow_versions()) {
    auto doc = nlohmann::json::parse(stored.definition, nullptr, false);
    const std::string source = "stored workflow " + stored.workflow + " version " +
                               std::to_string(stored.version);
    if (doc.is_discarded()) return fail(ErrorCode::internal, source + " is not valid JSON");
    // The definition decides who may do what: run it only as it was recorded. Its bytes must
    // give the hash stored beside them and the hash its audit record logged (which `audit
    // verify` holds to the chain), so an edit in the database stops the server here.
    if (sha256_hex(stored.definition) != stored.sha256) {
      return fail(ErrorCode::internal, source + " was altered: its text no longer gives its "
                                                "recorded SHA-256 " + stored.sha256);
    }
    auto logged = store.logged_workflow_sha256(stored.workflow, stored.version);
    if (!logged) {
      return fail(ErrorCode::internal, source + " has no workflow.version record in the audit log");
    }
    if (*logged != stored.sha256) {
      return fail(ErrorCode::internal, source + " is not the definition its audit record logged "
                                                "(SHA-256 " + *logged + ")");
    }
    auto def = parse_workflow(doc, source, guards);
    if (!def) return std::unexpected(def.error());
    def->version = stored.version;
    auto ptr = std::make_shared<const WorkflowDefinition>(std::move(*def));
    catalog.versions_[{stored.workflow, stored.version}] = ptr;
    catalog.current_[stored.workflow] = ptr;  // versions come in ascending order
  }
  return catalog;
}

WorkflowPtr WorkflowCatalog::current(std::string_view id) const {
  auto it = current_.find(id);
  return it == current_.end() ? nullptr : it->second;
}

WorkflowPtr WorkflowCatalog::version(std::string_view id, int64_t version) const {
  auto it = versions_.find(std::pair<std::string, int64_t>{std::string(id), version});
  return it == versions_.end() ? nullptr : it->second;
}

std::vector<WorkflowPtr> WorkflowCatalog::all_current() const {
  std::vector<WorkflowPtr> out;
  for (const auto& [id, ptr] : current_) out.push_back(ptr);
  return out;
}

int register_workflows(WorkflowWriter& store, const std::vector<WorkflowDefinition>& defs,
                       TimePoint now) {
  std::map<std::string, StoredWorkflow> latest;
  for (auto& stored : store.workflow_versions()) latest[stored.workflow] = stored;
  int added = 0;
  for (const auto& def : defs) {
    auto it = latest.find(def.id);
    if (it != latest.end() && it->second.sha256 == def.sha256) continue;
    StoredWorkflow stored{def.id, it == latest.end() ? 1 : it->second.version + 1, def.sha256,
                          def.source.dump(), format_rfc3339(now)};
    store.insert_workflow_version(stored);
    append_audit(store, now,
                 {"system", "workflow.version", "workflow", def.id + "@" +
                  std::to_string(stored.version), nullptr,
                  {{"workflow", def.id}, {"version", stored.version}, {"sha256", def.sha256}}});
    ++added;
  }
  return added;
}

}  // namespace taizhang
