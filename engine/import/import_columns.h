// Which column of an office's spreadsheet is which: headers are matched to the import's columns
// by their Chinese names and common variants (项目名称, 名称; 计划投资（元）, 计划投资), to an item
// workflow's field labels (户主姓名, 竣工验收日期), or through a mapping file {"表中的列名":
// "标准列名"} for names the office made up. Headers that match nothing are listed, never guessed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"
#include "engine/import/import_store.h"

namespace taizhang {

std::optional<ImportKind> parse_import_kind(std::string_view text);  // "funds", "items"
std::string_view to_string(ImportKind kind);

// A spreadsheet header → a standard column name (or a field label).
using ColumnMapping = std::map<std::string, std::string, std::less<>>;

// Reads a mapping file: a JSON object of at most 200 string → string pairs, each header and
// column at most 300 bytes. Errors: invalid_field "mapping" otherwise.
Result<ColumnMapping> parse_column_mapping(const nlohmann::json& doc);

// The standard columns of each kind, by their Chinese names, and the variants taken for them.
struct StandardColumn {
  std::string_view name;                  // 项目名称
  std::vector<std::string_view> aliases;  // 名称, 事项名称
  bool required = false;
};
const std::vector<StandardColumn>& standard_columns(ImportKind kind);

// A header as compared: without spaces, and without a trailing unit such as （元） or (元).
std::string normalized_header(std::string_view header);

// How the headers matched: for each header index, the standard column name or field label it
// stands for ("" when unmatched). `field_labels` are the labels an item row may also carry.
struct HeaderMatch {
  std::vector<std::string> column_of;     // by header index
  std::vector<std::string> unmatched;     // headers as written
  std::vector<std::string> missing;       // required standard columns no header matched
};
HeaderMatch match_headers(ImportKind kind, const std::vector<std::string>& headers,
                          const ColumnMapping& mapping,
                          const std::vector<std::string>& field_labels);

}  // namespace taizhang
