// Recording a milestone reached, as a write job: the item's manager says "工程全面完成" is done.
// From then on the alert scanner no longer watches it, and its alerts resolve themselves.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/access/principal.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"

namespace taizhang {

struct MilestoneReached {
  int number = 0;                         // the milestone, 1..n as on the item
  std::optional<std::string> reached_on = std::nullopt;  // YYYY-MM-DD; default today
  std::optional<int64_t> if_match = std::nullopt;  // the item version the caller saw
};

// Marks milestone `number` of item `item_id` reached, bumps the item's version and logs
// "item.milestone" with the item before and after. Managers and admins of the item's unit.
// Errors: not_found (no such item, outside the caller's units — answered so, but not marked
// out_of_scope nor recorded as transitions' refusals are — or no such milestone); forbidden
// (another role); invalid_field "reached_on" (not a date, after today, or before the item was
// created); conflict (the item is closed, or the milestone already reached, naming
// when); version_conflict (If-Match is stale). Nothing changes on an error.
Result<WorkItem> reach_milestone(StoreWriter& store, const Principal& who, int64_t item_id,
                                 const MilestoneReached& request, TimePoint now);

}  // namespace taizhang
