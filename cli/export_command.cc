// taizhang export KIND: a 台账 report as an XLSX workbook or a CSV, as of a past day, for the
// township or one unit. Read only; the file names the audit head it was computed from.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "delivery/spreadsheet/sheet_files.h"
#include "engine/report/report_context.h"
#include "engine/storage/sqlite/open_database.h"

namespace taizhang::cli {

namespace {

struct ExportArgs {
  std::string kind;
  std::string db;
  std::string as_of;
  std::string format = "xlsx";
  std::string org;
  std::string unit = "yuan";
  std::string out;
  std::string now;
};

[[noreturn]] void usage(const std::string& message, const char* field) {
  die(Error{ErrorCode::invalid_field, message, field, {}}, 2);
}

void run_export(const ExportArgs& args) {
  auto kind = parse_report_kind(args.kind);
  if (!kind) {
    usage("no report " + args.kind + " (reports: " + std::string(report_kind_names()) + ")", "kind");
  }
  auto format = parse_sheet_format(args.format);
  if (!format) usage("--format must be xlsx or csv, not \"" + args.format + "\"", "format");
  auto unit = parse_money_unit(args.unit);
  if (!unit) usage("--unit must be yuan or wan, not \"" + args.unit + "\"", "unit");
  const Clock clock = clock_from(args.now);
  const std::string today = format_date(clock.today());
  auto as_of = args.as_of.empty() ? Result<std::string>(today) : parse_as_of(args.as_of, "--as-of");
  if (!as_of) die(as_of.error(), 2);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.db, ec)) usage("no database at " + args.db, "db");

  auto db = sqlite::open_database(args.db);
  if (!db) die(db.error());
  auto orgs = load_org_tree(**db);
  if (!orgs) die(orgs.error());
  const GuardRegistry guards = GuardRegistry::builtin();
  auto catalog = (*db)->read([&](StoreReader& store) {
    return WorkflowCatalog::from_store(store, guards);
  });
  if (!catalog) die(catalog.error());
  // The command line acts for the office as a whole: every unit is in scope.
  const Principal office{};
  auto head = (*db)->read([&](StoreReader& store) -> Result<AuditHead> {
    auto ctx = report_context(store, *orgs, *catalog, AlertPolicy{}, office, args.org, *as_of, today);
    if (!ctx) return std::unexpected(ctx.error());
    auto written = write_report_file(*kind, *ctx, *format, *unit, args.out);
    if (!written) return std::unexpected(written.error());
    return ctx->head;
  });
  if (!head) die(head.error(), head.error().code == ErrorCode::internal ? 1 : 2);
  std::printf("%s: %s as of %s, audit head %lld %s\n", args.out.c_str(),
              std::string(chinese_name(*kind)).c_str(), as_of->c_str(),
              static_cast<long long>(head->seq), head->hash.c_str());
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export", "A 台账 report as XLSX or CSV: ledger (扶贫项目资金台账), spending (资金支出进度), "
                "plan (工作方案任务进度表), overdue (逾期预警日报), journal (记账流水)");
  cmd->add_option("kind", args->kind, "ledger, spending, plan, overdue or journal")->required();
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_option("--as-of", args->as_of,
                  "The day (YYYY-MM-DD) or month (YYYY-MM: its last day) the report is as of; "
                  "default today");
  cmd->add_option("--format", args->format, "xlsx or csv (UTF-8 with BOM)")->capture_default_str();
  cmd->add_option("--org", args->org, "The unit (name or id); default the township");
  cmd->add_option("--unit", args->unit, "Amounts in yuan (元, 2 decimals) or wan (万元, 4)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "The file to write")->required();
  cmd->add_option("--now", args->now, "Today is the day of this RFC 3339 instant (default: now)");
  cmd->callback([args] { run_export(*args); });
}

}  // namespace taizhang::cli
