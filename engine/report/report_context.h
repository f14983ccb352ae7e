// What every 台账 report is computed from: the day it is as of, the audit head at the end of that
// day (the last record logged before the next day began, Asia/Shanghai), the units it covers and
// the definitions it names stages with. Two reports with the same as-of day and the same head
// hold the same cells: every row they read carries an audit seq at or before the head.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/alerts/alert.h"
#include "engine/audit/chain.h"
#include "engine/base/error.h"
#include "engine/report/report_store.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

struct ReportContext {
  ReportReader& store;
  const OrgTree& orgs;
  const WorkflowCatalog& workflows;
  AlertPolicy policy;
  std::string as_of;  // YYYY-MM-DD: the report holds what was logged by the end of this day
  AuditHead head;     // the last audit record logged by then
  const OrgUnit* unit = nullptr;  // 填报单位: the unit the report is for
  std::set<int64_t> org_ids;      // the units it covers: `unit` and those below it, in scope

  bool covers(int64_t org_id) const { return org_ids.contains(org_id); }
};

// Reads an as-of argument: "YYYY-MM-DD", or "YYYY-MM" for the last day of that month (a
// monthly report, 截至YYYY年M月底). invalid_field naming `field` otherwise.
Result<std::string> parse_as_of(std::string_view text, std::string_view field = "as_of");

// Builds the context: the unit (`org` a name or id; empty: the topmost unit the caller sees —
// the township for an unscoped user, their own unit otherwise), which must be within the
// caller's scope (a unit outside it answers not_found, like an absent one); the as-of day, which
// must not be after `today`; and the audit head at the end of it.
Result<ReportContext> report_context(ReportReader& store, const OrgTree& orgs,
                                     const WorkflowCatalog& workflows, const AlertPolicy& policy,
                                     const Principal& who, std::string_view org,
                                     const std::string& as_of, std::string_view today);

// "2019年5月31日", or "2019年5月底" when the day is the last of its month.
std::string chinese_as_of(std::string_view as_of);

}  // namespace taizhang
