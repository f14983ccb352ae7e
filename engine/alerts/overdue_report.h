// The morning report (`taizhang overdue`): every open item due within the due_soon window or
// already past its due date, by unit in organisation-tree order, the most overdue first. Read
// only: it looks at due dates as of `today` and raises nothing (the scanner does that).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/alerts/alert.h"
#include "engine/base/error.h"
#include "engine/access/org.h"
#include "engine/alerts/alert_store.h"

namespace taizhang {

class WorkflowCatalog;

struct OverdueRow {
  int64_t item_id = 0;
  std::string title;
  int64_t org_id = 0;
  std::string org;         // the unit's name (the report's grouping)
  std::string stage;       // the stage id
  std::string stage_name;  // its Chinese name; the id when the definition is not at hand
  std::string due_on;      // YYYY-MM-DD
  int days_overdue = 0;    // negative: days left
  AlertLevel level = AlertLevel::due_soon;  // the highest that applies
  std::optional<int64_t> responsible_id;
  std::optional<std::string> responsible;  // the person's name
};

// Calls `row(r)` for every row of the report, in its order: by unit (in `orgs` order: parent
// first, as the organisation file lists them), then days overdue descending, then item id.
// Streams: it reads one unit's items a page at a time (store.open_items_of_unit_due_by) and holds
// no more than a page, however many rows there are, so that a caller printing the rows as they
// come needs memory for one page. `orgs` must hold every unit of the store (as loaded from it):
// the items of a unit missing from it are not reported. `workflows` (optional) supplies the stage
// names. Fails with invalid_field, before any row, on a `today` that is not YYYY-MM-DD or a
// negative policy figure.
Result<void> each_overdue_row(AlertReader& store, const OrgTree& orgs, const AlertPolicy& policy,
                              std::string_view today, const WorkflowCatalog* workflows,
                              const std::function<void(const OverdueRow&)>& row);

// The same rows, collected: for callers that show a bounded part (the API filters by scope).
Result<std::vector<OverdueRow>> overdue_report(AlertReader& store, const OrgTree& orgs,
                                               const AlertPolicy& policy, std::string_view today,
                                               const WorkflowCatalog* workflows = nullptr);

// One row as JSON: item_id, title, org_id, org, stage, stage_name, due_on, days_overdue, level,
// level_name, responsible_id, responsible (null when nobody is responsible).
nlohmann::json overdue_row_json(const OverdueRow& row);

}  // namespace taizhang
