// The workflows' part of `audit verify`. A stored definition decides who may do what, so its
// text must give the SHA-256 its "workflow.version" record logged (the server refuses to start
// otherwise: engine/workflow/catalog.cc); and whether an item is closed is not logged but
// follows from its logged stage: an item is closed exactly when its stage is final in its
// definition. A closed flag reset by hand (which would let a finished item take money again)
// is named.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "engine/audit/chain.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"

namespace taizhang {

class WorkflowReplay {
 public:
  void apply(const AuditRecord& record);
  // Every stored version against its record; afterwards, check_closed can be used.
  std::optional<std::string> compare_versions(StoreReader& store, int64_t& versions_checked);
  // The item's closed flag against its stage.
  std::optional<std::string> check_closed(const WorkItem& item) const;

 private:
  std::map<std::string, std::string> logged_;  // "id@version" → SHA-256
  // (workflow, version) → its final stages, read from the verified definitions.
  std::map<std::pair<std::string, int64_t>, std::set<std::string>> final_stages_;
};

}  // namespace taizhang
