// What the workflow catalog needs from a database: every stored version of every definition, so
// that an item keeps running the version it was created with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/audit_store.h"

namespace taizhang {

struct StoredWorkflow {
  std::string workflow;
  int64_t version = 0;
  std::string sha256;
  std::string definition;  // JSON text
  std::string loaded_at;
};

class WorkflowReader : public virtual AuditReader {
 public:
  // Every stored version, by workflow then version; empty before any is loaded.
  virtual std::vector<StoredWorkflow> workflow_versions() = 0;
  // The SHA-256 that the audit log's "workflow.version" record of that version states; nullopt
  // when no record names it. Found by index, not by a walk of the log.
  virtual std::optional<std::string> logged_workflow_sha256(std::string_view workflow,
                                                            int64_t version) = 0;
};

// Needs a write job.
class WorkflowWriter : public virtual WorkflowReader, public virtual AuditWriter {
 public:
  // Stores the version as given. A (workflow, version) already stored violates the primary key
  // and throws StorageFailure.
  virtual void insert_workflow_version(const StoredWorkflow& stored) = 0;
};

}  // namespace taizhang
