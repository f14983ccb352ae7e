// `taizhang import-plan FILE --year 2019 [--calendar FILE]
//                          [--commit --db FILE --org UNIT --as USER]`
//
// Reads a work plan (plain text, e.g. a saved web page) and prints the tasks it found as one JSON
// object on stdout: each task's path, title, time expression and dates, and the expressions it
// could not read (engine/plan/plan_import.h). Exit 2 when the file cannot be read as a plan.
// Times are read with --calendar, else ./calendar/cn_workdays.json when present, else the
// calendar compiled into the binary.
//
// With --commit it also creates one plan_task item per task in UNIT and adds "created" and
// "existing" to the JSON; importing the same plan again creates nothing new. The items are
// created by the user named with --as (a manager or admin, by name or id): the audit log and
// the items' history name a real user, as they do for every change made through the API.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/deadline/calendar_source.h"
#include "engine/progress/item_commands.h"
#include "engine/plan/plan_import.h"

namespace taizhang::cli {

namespace {

constexpr int kExitUnreadable = 2;

struct ImportPlanOptions {
  std::string file;
  int year = 0;
  std::string calendar;
  std::string db;
  std::string org;
  std::string as;
  std::string workflows = "workflows";
  bool workflows_given = false;
  bool commit = false;
};

[[noreturn]] void give_up(const std::string& message, int exit_code = kExitUnreadable) {
  die(Error{ErrorCode::invalid_field, "import-plan: " + message, {}, {}}, exit_code);
}

std::string read_plan_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) give_up("cannot read " + path);
  std::string text;
  // One byte past the limit is enough to know the file is too large.
  text.resize(kMaxPlanBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) give_up("cannot read " + path);
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

WorkingDayCalendar load_calendar(const std::string& path) {
  auto calendar = load_working_day_calendar(path);
  if (!calendar) give_up((path.empty() ? "built-in calendar" : path) + ": " +
                         calendar.error().message);
  return std::move(*calendar);
}

ImportResult commit(const ImportPlanOptions& options, const PlanImport& plan,
                    const std::string& calendar) {
  Clock clock;
  // Registers the workflow definitions as `serve` does, so that plan_task exists in a database
  // that was only initialised; without ./workflows, the stored definitions are used.
  std::error_code ignored;
  std::optional<std::string> workflows;
  if (options.workflows_given || std::filesystem::is_directory(options.workflows, ignored)) {
    workflows = options.workflows;
  }
  auto rt = open_runtime(options.db, workflows, clock.now(), calendar);
  if (!rt) die(rt.error());
  const OrgUnit* unit = rt->orgs.resolve(options.org);
  if (!unit) give_up("no unit named " + options.org);
  auto who = acting_user(*rt, options.as);
  if (!who) give_up(who.error().message);
  ItemRules rules = rt->rules();
  ImportResult result;
  auto done = rt->db->writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto committed = commit_plan_tasks(store, rules, *who, plan, unit->id, clock.now());
    if (!committed) return std::unexpected(committed.error());
    result = std::move(*committed);
    return nlohmann::json(nullptr);
  });
  if (!done) die(done.error());
  return result;
}

void run_import_plan(const ImportPlanOptions& options) {
  std::string calendar_file = calendar_path(options.calendar);
  WorkingDayCalendar calendar = load_calendar(calendar_file);
  std::string text = read_plan_file(options.file);
  auto plan = read_work_plan(text, options.year, &calendar);
  if (!plan) give_up(options.file + ": " + plan.error().message);
  nlohmann::json out = to_json(*plan);
  if (options.commit) {
    ImportResult result = commit(options, *plan, calendar_file);
    out["created"] = result.created;
    out["existing"] = result.existing;
  }
  std::cout << out.dump(2) << '\n';
}

}  // namespace

void add_import_plan_command(CLI::App& app) {
  auto options = std::make_shared<ImportPlanOptions>();
  CLI::App* command = app.add_subcommand(
      "import-plan", "Find the tasks of a work plan (工作方案) and their 时间节点; print them as "
                     "JSON, and with --commit create them as plan_task items");
  command->add_option("file", options->file, "the plan as UTF-8 text")->required();
  command->add_option("--year", options->year,
                      "the plan's year: it fills in a year the plan leaves out")
      ->required()
      ->check(CLI::Range(2000, 2100));
  command->add_option("--calendar", options->calendar,
                      "working-day calendar JSON (default: calendar/cn_workdays.json when present, "
                      "else the built-in one)");
  auto* db = command->add_option("--db", options->db, "SQLite database file, for --commit");
  auto* org = command->add_option("--org", options->org,
                                  "the unit the tasks belong to (name or id), for --commit");
  auto* as = command->add_option("--as", options->as,
                                 "the manager or admin creating the items (name or id), for "
                                 "--commit");
  command->add_option("--workflows", options->workflows,
                      "workflow definitions to register first, for --commit (default: "
                      "./workflows when present)");
  command->add_flag("--commit", options->commit,
                    "create a plan_task item for each task not imported before")
      ->needs(db)
      ->needs(org)
      ->needs(as);
  command->callback([options, command] {
    options->workflows_given = command->count("--workflows") > 0;
    run_import_plan(*options);
  });
}

}  // namespace taizhang::cli
