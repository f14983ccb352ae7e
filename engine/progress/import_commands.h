// Importing an office's spreadsheets of funds and items: every row is checked and previewed with
// what it would become (新建, 已存在) or why it cannot (row and column named); committing creates
// every new row or none. A row's key — 项目编号, else 村 + 项目名称 for an item; 资金来源 + 文号 + 年度
// for a fund — is remembered, so importing the same file again creates nothing new.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/access/principal.h"
#include "engine/base/clock.h"
#include "engine/import/import_columns.h"
#include "engine/import/import_table.h"
#include "engine/progress/item_commands.h"

namespace taizhang {

struct ImportProblem {
  int64_t line = 0;
  std::string column;  // the header as written in the file; empty for the row as a whole
  std::string message;
};

enum class RowResult { create, exists, error };
std::string_view to_string(RowResult result);

struct ImportRowOutcome {
  int64_t line = 0;
  std::string key;
  RowResult result = RowResult::create;
  std::optional<int64_t> id;  // exists: the item or fund it is; create, after commit: the new one
  std::vector<ImportProblem> errors;
};

struct ImportReport {
  ImportKind kind = ImportKind::items;
  std::vector<std::pair<std::string, std::string>> columns;  // (header as written, column)
  std::vector<std::string> unmatched;  // headers matched to nothing: their cells are not read
  std::vector<std::string> missing;    // required columns no header matched
  std::vector<ImportRowOutcome> rows;
  int64_t to_create = 0, existing = 0, errors = 0;
  bool committed = false;  // true only when every new row was created

  bool ok() const { return errors == 0 && missing.empty(); }
};

// Finds the header row of a table read with no header yet (its rows hold every line of the file):
// the first of the first ten lines that names at least two of the kind's columns or field
// labels, else the first line. The lines above it (a title, a 填报单位 line) are dropped.
void locate_header(ImportTable& table, ImportKind kind, const ColumnMapping& mapping,
                   const WorkflowCatalog& workflows);

// Checks every row against the store as it is now. A row's problems are in the report, never an
// error. Errors of the import as a whole: forbidden (items need a manager or admin, funds
// finance or admin), invalid_field (`file`: the table has no data rows).
Result<ImportReport> preview_import(ImportReader& store, const ItemRules& rules,
                                    const Principal& who, ImportKind kind,
                                    const ImportTable& table, const ColumnMapping& mapping,
                                    TimePoint now);

// As a write job: previews again inside the transaction and, when no row has an error, creates
// every new row (each with its audit record) and remembers its key. With any error nothing is
// created and the report says committed = false (a success: nothing to roll back).
// Errors: as preview_import; then the first refusal by create_item or create_fund of a row the
// preview passed, its message prefixed with the line (the job rolls back every row):
// invalid_field (e.g. `deadline` for a 时间节点 the deadline reader refuses, `fields` over
// kMaxFields or kMaxFieldsBytes, a fund's name or 文号 blank but for line breaks), internal (the
// workflow's initial stage deadline cannot be read).
Result<ImportReport> commit_import(StoreWriter& store, const ItemRules& rules,
                                   const Principal& who, ImportKind kind,
                                   const ImportTable& table, const ColumnMapping& mapping,
                                   TimePoint now);

nlohmann::json to_json(const ImportReport& report);

// A date as offices type it: 2019-07-31, 2019/7/31, 2019.7.31, 2019年7月31日, or an Excel date
// serial (43677); "YYYY-MM-DD", or nullopt.
std::optional<std::string> parse_sheet_date(std::string_view text);

}  // namespace taizhang
