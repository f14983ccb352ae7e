// Every version of every workflow the database has seen. Loading the files in workflows/
// registers each definition: an unchanged file keeps its version; a changed one becomes version
// n+1, recorded in the audit chain. Items keep the version they were created with, so older
// versions stay available. Immutable once built; thread-safe for reading.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/clock.h"
#include "engine/workflow/guard.h"
#include "engine/workflow/workflow_store.h"
#include "engine/workflow/definition.h"

namespace taizhang {

class WorkflowCatalog {
 public:
  // Builds the catalog from every stored version. Stored definitions were valid when stored;
  // one that no longer parses is an error (e.g. a guard kind that was removed).
  static Result<WorkflowCatalog> from_store(WorkflowReader& store, const GuardRegistry& guards);

  WorkflowPtr current(std::string_view id) const;
  WorkflowPtr version(std::string_view id, int64_t version) const;
  std::vector<WorkflowPtr> all_current() const;

 private:
  std::map<std::pair<std::string, int64_t>, WorkflowPtr, std::less<>> versions_;
  std::map<std::string, WorkflowPtr, std::less<>> current_;
};

// Inside a write job: stores each definition that differs from its latest stored version as a
// new version (audited as "workflow.version"). Returns the number of new versions.
int register_workflows(WorkflowWriter& store, const std::vector<WorkflowDefinition>& defs,
                       TimePoint now);

}  // namespace taizhang
