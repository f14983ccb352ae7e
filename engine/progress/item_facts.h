// Gathering the facts guards read (engine/workflow/guard_facts.h) from the store, just before a
// guard is judged, inside the same transaction as the transition.
#pragma once

#include <string_view>

#include "engine/access/org.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"
#include "engine/workflow/definition.h"
#include "engine/workflow/guard.h"
#include "engine/workflow/guard_facts.h"

namespace taizhang {

// The facts of `item` on `today`. Only the facts that the guards of the transitions out of the
// item's current stage declare they need are read (GuardRegistry::facts_needed).
ItemFacts item_facts(StoreReader& store, const OrgTree& orgs, const GuardRegistry& guards,
                     const WorkflowDefinition& def, const WorkItem& item, std::string_view today);

}  // namespace taizhang
