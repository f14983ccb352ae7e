// What the guards may know of an item beyond its own fields: whether its village is a 贫困村,
// its ledger totals, and whether its before/after notices have passed. Gathered from the store
// just before a guard is judged, inside the same transaction as the transition.
#pragma once

#include <string_view>

#include "engine/ledger/entry.h"
#include "engine/org.h"
#include "engine/store.h"
#include "engine/workflow.h"

namespace taizhang {

struct ItemFacts {
  bool poor_village = false;  // the item's unit is flagged a 贫困村 (facts.poor_village = 1)
  LedgerTotals ledger;
  bool notice_before_passed = false;
  bool notice_after_passed = false;
};

// The facts of `item` on `today`. The ledger and notices are read only when a transition out of
// the item's current stage has a guard that asks about them.
ItemFacts item_facts(StoreReader& store, const OrgTree& orgs, const WorkflowDefinition& def,
                     const WorkItem& item, std::string_view today);

}  // namespace taizhang
