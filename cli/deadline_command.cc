// `taizhang deadline TEXT [--ref YYYY-MM-DD] [--anchor YYYY-MM-DD] [--calendar FILE]`
//
// Reads one deadline expression and prints what it means as one JSON object on stdout (exit 0),
// or the reason it cannot be read on stderr (exit 2). A way for an administrator to check how a
// plan's wording will be understood before the plan is imported.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "engine/base/clock.h"
#include "engine/deadline/expression.h"
#include "engine/deadline/calendar_source.h"
#include "engine/deadline/working_day_calendar.h"
#include "cli/bootstrap.h"

namespace taizhang::cli {

namespace {

constexpr int kExitUnreadable = 2;

struct DeadlineOptions {
  std::string text;
  std::string ref;
  std::string anchor;
  std::string calendar;
};

[[noreturn]] void give_up(const std::string& message) {
  std::cerr << "taizhang deadline: " << message << '\n';
  throw CLI::RuntimeError(kExitUnreadable);
}

// Today in Asia/Shanghai. China has kept UTC+8 all year since 1991, so a fixed offset is exact
// and needs no time-zone database.
date::year_month_day today_in_shanghai() {
  return date::year_month_day{
      date::floor<date::days>(std::chrono::system_clock::now() + std::chrono::hours{8})};
}

date::year_month_day date_option(const std::string& text, const char* name) {
  auto day = parse_date(text);
  if (!day) give_up(std::string(name) + " must be " + std::string(kDateRule) + ", not \"" + text + "\"");
  return *day;
}

// See calendar_path: --calendar, ./calendar/cn_workdays.json, or the compiled-in calendar.
std::optional<WorkingDayCalendar> load_calendar(const std::string& named) {
  const std::string path = calendar_path(named);
  auto calendar = load_working_day_calendar(path);
  if (!calendar) give_up((path.empty() ? "built-in calendar" : path) + ": " +
                         calendar.error().message);
  return std::move(*calendar);
}

void run_deadline(const DeadlineOptions& options) {
  date::year_month_day ref =
      options.ref.empty() ? today_in_shanghai() : date_option(options.ref, "--ref");
  std::optional<date::year_month_day> anchor;
  if (!options.anchor.empty()) anchor = date_option(options.anchor, "--anchor");
  std::optional<WorkingDayCalendar> calendar = load_calendar(options.calendar);
  auto deadline = parse_deadline(options.text, ref, anchor, calendar ? &*calendar : nullptr);
  if (!deadline) give_up(deadline.error().message);
  std::cout << to_json(*deadline).dump() << '\n';
}

}  // namespace

void add_deadline_command(CLI::App& app) {
  auto options = std::make_shared<DeadlineOptions>();
  CLI::App* command = app.add_subcommand(
      "deadline", "Read a deadline written in Chinese (e.g. 7月底前, 2019年2—9月, 5个工作日内) "
                  "and print its dates as JSON");
  command->add_option("text", options->text, "the deadline expression")->required();
  command->add_option("--ref", options->ref,
                      "reference date YYYY-MM-DD: its year fills in a missing year "
                      "(default: today in Asia/Shanghai)");
  command->add_option("--anchor", options->anchor,
                      "date YYYY-MM-DD that relative deadlines such as 30日内 count from");
  command->add_option("--calendar", options->calendar,
                      "working-day calendar JSON (default: calendar/cn_workdays.json when present, "
                      "else the built-in one)");
  command->callback([options] { run_deadline(*options); });
}

}  // namespace taizhang::cli
