// What the 台账 reports share when they build rows: the head of a sheet, funds and notices as of
// the report's audit head, and reading an item's cells from its fields and notice contents.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/ledger/fund.h"
#include "engine/report/report_context.h"
#include "engine/report/sheet.h"

namespace taizhang {

// The head every report starts with: "<unit><year>年<title>", the unit, the as-of day, the basis.
SheetHead report_head(const ReportContext& ctx, std::string sheet_name, const std::string& title,
                      std::vector<Column> columns);

// Every fund logged at or before the head, by id.
std::map<int64_t, Fund> funds_as_of(const ReportContext& ctx);

// An item's notices as of the head: the latest one's contents, and the posting days of the
// latest 事前公示 and 事后公告.
struct ItemNotices {
  nlohmann::json contents = nlohmann::json::object();
  std::optional<std::string> before_on, after_on;
};
ItemNotices item_notices_as_of(const ReportContext& ctx, int64_t item_id);

// The workflow's Chinese name (项目类别) and the item's stage name in its own version; the ids
// when the definition is not at hand.
std::string workflow_name(const ReportContext& ctx, const WorkItem& item);
std::string stage_name(const ReportContext& ctx, const WorkItem& item);
// Whether the item's stage is final in its workflow version.
bool is_closed(const ReportContext& ctx, const WorkItem& item);

// The day the item passed acceptance: its 竣工验收日期 field when set, else the day of its last
// `accept` transition; nullopt when neither.
std::optional<std::string> accepted_on(const ItemAsOf& at);

// The names of responsible people, each looked up once per report.
class PeopleNames {
 public:
  // The user's name; empty when there is no such user.
  const std::string& of(ReportReader& store, int64_t user_id);

 private:
  std::map<int64_t, std::string> names_;
};

// Text cell, empty for "".
Cell text_cell(std::string text);
// primary[key] when it is a non-empty string, else fallback[fallback_key] (when the key is
// given), else an empty cell.
Cell first_text(const nlohmann::json& primary, std::string_view key, const nlohmann::json& fallback,
                std::string_view fallback_key);
// The same for integers.
Cell first_integer(const nlohmann::json& primary, std::string_view key,
                   const nlohmann::json& fallback, std::string_view fallback_key);

}  // namespace taizhang
