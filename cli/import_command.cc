// taizhang import KIND FILE: funds or items from an office's spreadsheet (XLSX, or CSV in UTF-8
// or GBK). Prints every row with what it becomes or why it cannot; without --dry-run, creates
// every new row in one write job — all of them, or none when any row has an error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "delivery/spreadsheet/table_reader.h"
#include "engine/progress/import_commands.h"

namespace taizhang::cli {

namespace {

struct ImportArgs {
  std::string kind;
  std::string file;
  std::string db;
  std::string as;
  std::string mapping;
  std::string format = "text";
  std::string now;
  bool dry_run = false;
};

[[noreturn]] void usage(const std::string& message, const char* field) {
  die(Error{ErrorCode::invalid_field, message, field, {}}, 2);
}

ColumnMapping read_mapping(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) usage("cannot read the mapping file " + path, "mapping");
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) usage("the mapping file " + path + " is not JSON", "mapping");
  auto mapping = parse_column_mapping(doc);
  if (!mapping) die(mapping.error(), 2);
  return *mapping;
}

std::string result_name(const ImportRowOutcome& row, bool committed) {
  switch (row.result) {
    case RowResult::create: return committed ? "已新建" : "将新建";
    case RowResult::exists: return "已存在";
    case RowResult::error: return "有错误";
  }
  return "";
}

void print_text(const ImportReport& r, const std::string& file, bool dry_run) {
  std::string out = "导入" + std::string(r.kind == ImportKind::funds ? "资金" : "事项") + "：" + file + "\n";
  for (const auto& [header, column] : r.columns) {
    out += "  列“" + header + "” → " + column + "\n";
  }
  for (const std::string& h : r.unmatched) out += "  未匹配的列（不读取）：“" + h + "”\n";
  for (const std::string& m : r.missing) out += "  缺少必填列：" + m + "\n";
  for (const ImportRowOutcome& row : r.rows) {
    out += "第" + std::to_string(row.line) + "行  " + result_name(row, r.committed) + "  " + row.key;
    if (row.id) out += "  （编号" + std::to_string(*row.id) + "）";
    out += "\n";
    for (const ImportProblem& p : row.errors) {
      out += "    第" + std::to_string(p.line) + "行" + (p.column.empty() ? "" : "“" + p.column + "”列") +
             "：" + p.message + "\n";
    }
  }
  out += "共" + std::to_string(r.rows.size()) + "行：新建" + std::to_string(r.to_create) + "，已存在" +
         std::to_string(r.existing) + "，有错误" + std::to_string(r.errors) + "。";
  if (r.committed) {
    out += "已全部导入。\n";
  } else if (!r.ok()) {
    out += "有错误，未导入任何一行。\n";
  } else {
    out += dry_run ? "预览，未导入（去掉 --dry-run 即导入）。\n" : "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

void run_import(const ImportArgs& args) {
  auto kind = parse_import_kind(args.kind);
  if (!kind) usage("no import kind " + args.kind + " (funds or items)", "kind");
  if (args.format != "text" && args.format != "json") usage("--format must be text or json", "format");
  const ColumnMapping mapping = read_mapping(args.mapping);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(args.db, ec)) usage("no database at " + args.db, "db");
  auto table = read_import_file(args.file);
  if (!table) {
    Error e = table.error();
    e.message = args.file + ": " + e.message;
    die(e, 2);
  }
  const Clock clock = clock_from(args.now);
  auto rt = open_runtime(args.db, std::nullopt, clock.now());
  if (!rt) die(rt.error());
  auto who = acting_user(*rt, args.as);
  if (!who) die(who.error(), 2);
  locate_header(*table, *kind, mapping, rt->workflows);
  const ItemRules rules = rt->rules();
  Result<ImportReport> report =
      args.dry_run
          ? rt->db->read([&](StoreReader& store) {
              return preview_import(store, rules, *who, *kind, *table, mapping, clock.now());
            })
          : rt->db->writer().run([&](StoreWriter& store) {
              return commit_import(store, rules, *who, *kind, *table, mapping, clock.now());
            });
  if (!report) die(report.error());
  if (args.format == "json") {
    std::cout << to_json(*report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    print_text(*report, args.file, args.dry_run);
  }
  if (!report->ok()) throw CLI::RuntimeError(1);
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand(
      "import", "Import funds or items from a spreadsheet (XLSX, or CSV in UTF-8 or GBK): every "
                "row previewed with its result or errors; all rows created, or none");
  cmd->add_option("kind", args->kind, "funds or items")->required();
  cmd->add_option("file", args->file, "the spreadsheet")->required();
  cmd->add_option("--db", args->db, "SQLite database file")->required();
  cmd->add_option("--as", args->as, "the user importing (name or id): finance or admin for "
                                    "funds, a manager or admin for items")
      ->required();
  cmd->add_option("--mapping", args->mapping,
                  "JSON file mapping the file's headers to standard column names, "
                  "e.g. {\"项目名\": \"项目名称\"}");
  cmd->add_flag("--dry-run", args->dry_run, "preview only: create nothing");
  cmd->add_option("--format", args->format, "text or json")->capture_default_str();
  cmd->add_option("--now", args->now, "the clock, RFC 3339 (default: now)");
  cmd->callback([args] { run_import(*args); });
}

}  // namespace taizhang::cli
