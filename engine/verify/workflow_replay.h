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
  // Every stored version against its record.
  std::optional<std::string> compare_versions(StoreReader& store, int64_t& versions_checked);

 private:
  std::map<std::string, std::string> logged_;  // "id@version" → SHA-256
};

// The final stages of every stored workflow version, read from the stored definitions: once
// WorkflowReplay::compare_versions has held those to the log (in the same snapshot), what the
// logged definitions say.
class FinalStages {
 public:
  explicit FinalStages(StoreReader& store);
  // The item's closed flag against its stage: the problem in words, if they disagree.
  std::optional<std::string> check_closed(const StoredItemText& item) const;

 private:
  // workflow → version → final stages; std::less<> so that verify's lookup of every item builds
  // no key string.
  std::map<std::string, std::map<int64_t, std::set<std::string, std::less<>>>, std::less<>>
      finals_;
};

}  // namespace taizhang
