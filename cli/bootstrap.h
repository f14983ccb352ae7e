// What every command that works on items needs, read from the database: the workflow catalog
// (after registering the definitions in a workflows directory) and the organisation tree.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/base/clock.h"
#include "engine/storage/database.h"
#include "engine/deadline/working_day_calendar.h"
#include "engine/workflow/guard.h"
#include "engine/progress/item_commands.h"
#include "engine/access/org.h"
#include "engine/workflow/catalog.h"

namespace taizhang::cli {

struct Runtime {
  std::unique_ptr<Database> db;
  GuardRegistry guards = GuardRegistry::builtin();
  WorkflowCatalog workflows;
  OrgTree orgs;
  std::optional<WorkingDayCalendar> calendar;  // always set by open_runtime

  ItemRules rules() const { return ItemRules{workflows, orgs, guards, &*calendar}; }
};

// Opens (and migrates) the database; loads the working-day calendar (`calendar_path`, or the
// compiled-in one when empty); if `workflows_dir` is given, validates its definitions (stage
// deadlines included) and registers them; then loads the catalog and the organisation.
Result<Runtime> open_runtime(const std::string& db_path,
                             const std::optional<std::string>& workflows_dir, TimePoint now,
                             const std::string& calendar_path = {});

// Reloads the organisation tree from the database.
Result<OrgTree> load_org_tree(Database& db);

// The calendar file a command reads: the one named with --calendar; else
// ./calendar/cn_workdays.json when present (an administrator's newer copy); else "" for the one
// compiled into the binary. A file that exists but is wrong is an error, never replaced.
std::string calendar_path(const std::string& named);

// The user --as names, by id or by name, as a Principal scoped like their token would be.
// invalid_field when no user or several users have that name.
Result<Principal> acting_user(Runtime& rt, const std::string& who);

// Prints `error` as "taizhang: message" on stderr and throws CLI::RuntimeError(exit_code).
[[noreturn]] void die(const Error& error, int exit_code = 1);

// --now parsing shared by the commands: RFC 3339 or the system clock.
Clock clock_from(const std::string& now_text);

}  // namespace taizhang::cli
