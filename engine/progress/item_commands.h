// The changes to work items, as write jobs: each runs inside the writer's transaction, reads the
// item fresh, decides with the pure rules (engine/transition.h), and writes the item, its history
// line and its audit record together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/amount.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/workflow/guard.h"
#include "engine/items/item.h"
#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/storage/store.h"
#include "engine/workflow/transition.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

// What the engine needs to judge item commands; all members outlive the call.
struct ItemRules {
  const WorkflowCatalog& workflows;
  const OrgTree& orgs;
  const GuardRegistry& guards;
  const WorkingDayCalendar* calendar = nullptr;  // for 工作日 and 春节 in deadlines
};

struct NewItem {
  std::string workflow;
  std::string title;
  int64_t org_id = 0;
  int plan_year = 0;
  std::optional<int64_t> responsible_id;
  std::optional<int64_t> budget_fen;
  std::optional<std::string> due_on;  // YYYY-MM-DD
  nlohmann::json fields = nlohmann::json::object();
  // The item's own deadline expression ("9月底前", "30日内"), overriding the initial stage's.
  // At most one of due_on and deadline.
  std::optional<std::string> deadline;
  // Several deadlines of the item's words (a plan task's), numbered 1..n (validate_new_milestones
  // checks them). An item given neither due_on nor deadline is due on the last of them.
  std::vector<Milestone> milestones = {};
};

// Limits on item content.
inline constexpr size_t kMaxTitleBytes = 600;  // 200 Chinese characters
inline constexpr size_t kMaxFields = 64;
inline constexpr size_t kMaxFieldsBytes = 16 * 1024;
inline constexpr size_t kMaxCommentBytes = 4096;

// Checks item fields against the workflow's declarations: an object of at most kMaxFields keys,
// each declared by `def`, each value of its declared type or null (which clears it). Decimals
// are never accepted: money is integer fen, and the audit log hashes exact text.
// Errors: invalid_field only, naming `path` (not an object, over kMaxFields keys, over
// kMaxFieldsBytes) or `path`.key (undeclared, or a value not of its type).
Result<void> validate_fields(const WorkflowDefinition& def, const nlohmann::json& fields,
                             const std::string& path = "fields");

// Creates an item in its workflow's initial stage. Managers and admins create; a scoped user only
// in their units.
// Errors: forbidden (not a manager or admin; `org_id` outside `who`'s units, answered forbidden,
// not not_found), invalid_field (`workflow` unknown; `title` blank or over kMaxTitleBytes; `org`
// no such unit; `plan_year` outside 2000..2100; `budget_fen` outside 0..10^13; `due_on` not a
// date; `deadline` given with due_on, or unreadable; `milestones[k].…` as
// validate_new_milestones; `fields…` as validate_fields; `responsible` no such user), internal
// (the initial stage's own deadline cannot be read).
Result<WorkItem> create_item(StoreWriter& store, const ItemRules& rules, const Principal& who,
                             const NewItem& request, TimePoint now);

// Moves an item by one action. See plan_transition for the checks and their errors.
// Errors: invalid_field (`comment` over kMaxCommentBytes; `fields…` as validate_fields;
// `deadline` unreadable), not_found (no such item, or outside `who`'s scope: "access.denied"
// recorded and committed), version_conflict (If-Match is stale), illegal_transition (no such
// action from the current stage), forbidden (the action is for other roles), guard_failed
// (blocked_by says which), internal (the item's workflow version is not in the catalog, or the
// entered stage's own deadline cannot be read). plan_transition's scope check (forbidden) is
// never reached: the scope is checked here first.
Result<WorkItem> transition_item(StoreWriter& store, const ItemRules& rules, const Principal& who,
                                 int64_t item_id, const TransitionRequest& request, TimePoint now);

}  // namespace taizhang
