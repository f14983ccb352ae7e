// What happens on a transition, decided without I/O: given a workflow definition, an item, who
// asks and what they ask, either the item as it will be or the reason it cannot move.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/workflow/guard.h"
#include "engine/items/item.h"
#include "engine/workflow/guard_facts.h"
#include "engine/access/principal.h"
#include "engine/workflow/definition.h"

namespace taizhang {

struct TransitionRequest {
  std::string action;
  std::optional<std::string> comment;
  nlohmann::json fields = nlohmann::json::object();  // merged over the item's fields
  std::optional<int64_t> if_match;                    // the item version the caller saw
  std::optional<std::string> deadline;  // the item's own expression for the stage it enters
};

class WorkingDayCalendar;

// Checks, in order: the caller's unit scope (forbidden), If-Match (version_conflict), the action
// from the current stage (illegal_transition), the caller's role (forbidden), the guards on the
// merged fields and comment (guard_failed with blocked_by). On success returns the item as it
// will be: stage moved, fields merged, version + 1, times set to `now`, and on entering a stage
// (or with its own `deadline`) the due date computed as engine/stage_deadline.h says.
Result<WorkItem> plan_transition(const WorkflowDefinition& def, const GuardRegistry& guards,
                                 const WorkItem& item, const Principal& who,
                                 const TransitionRequest& request, const ItemFacts& facts,
                                 TimePoint now, const WorkingDayCalendar* calendar = nullptr);

// For the item view: each action from the item's current stage with `action`, `name`, `to`,
// `to_name`, `requires`, `allowed` for this caller, and `blocked_by` (role, scope, and the guards
// the item does not meet yet; a comment guard is met by the request itself and never blocks here).
nlohmann::json available_actions(const WorkflowDefinition& def, const GuardRegistry& guards,
                                 const WorkItem& item, const Principal& who,
                                 const ItemFacts& facts);

}  // namespace taizhang
