// A report as a spreadsheet sees it, independent of the file format: a title, a line naming the
// reporting unit, the date and the money unit, a header of one or two levels, then rows streamed
// one at a time to a SheetSink. The XLSX and CSV writers (delivery/spreadsheet/) are sinks, so a
// report of 100,000 items never holds more than one row.
//
// Cells are typed: money stays integer fen until the writer formats it in 元 (two decimals) or
// 万元 (four), so that a 小计 is a sum of exact integers, never of rounded figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/audit/checkpoint.h"
#include "engine/base/error.h"

namespace taizhang {

enum class CellKind {
  empty,       // nothing known: the data does not hold this column for the row
  text,
  integer,
  amount_fen,  // money, written in the sheet's unit
  percent_bp,  // basis points: 2583 is 25.83%
  date,        // YYYY-MM-DD, as text
};

struct Cell {
  CellKind kind = CellKind::empty;
  std::string text;    // text and date
  int64_t number = 0;  // integer, amount_fen, percent_bp

  static Cell none() { return {}; }
  static Cell of_text(std::string t) { return {CellKind::text, std::move(t), 0}; }
  static Cell of_integer(int64_t n) { return {CellKind::integer, {}, n}; }
  static Cell of_fen(int64_t fen) { return {CellKind::amount_fen, {}, fen}; }
  static Cell of_percent_bp(int64_t bp) { return {CellKind::percent_bp, {}, bp}; }
  static Cell of_date(std::string d) { return {CellKind::date, std::move(d), 0}; }
  // Text when present, empty otherwise.
  static Cell of_optional_text(const std::string* t) { return t && !t->empty() ? of_text(*t) : none(); }
};

// A column: its label, and the label of the group above it ("" for a column whose label spans
// both header rows). Adjacent columns with the same group share one merged group cell.
struct Column {
  std::string group;
  std::string label;
  CellKind kind = CellKind::text;
  double width_chars = 10;  // display width in Excel's character units
};

// How a row reads: an item, a group heading (e.g. a plan section), a 小计 or the 合计.
enum class RowKind { detail, heading, subtotal, total };

enum class MoneyUnit { yuan, wan };
std::string_view chinese_name(MoneyUnit unit);  // 元, 万元
std::optional<MoneyUnit> parse_money_unit(std::string_view text);  // "yuan", "wan"

struct SheetHead {
  std::string sheet_name;  // the worksheet tab, at most 31 characters
  std::string title;       // "泗顶镇2019年扶贫项目资金台账"
  std::string unit_name;   // 填报单位
  std::string as_of_text;  // 截至日期, e.g. "2019年5月31日" or "2019年5月底"
  bool has_money = true;   // whether the line says 单位：元
  std::vector<Column> columns;
  AuditHead basis;         // the audit head the report was computed from
  // The last signed checkpoint of the log when the report was made (engine/audit/checkpoint.h),
  // printed so that a paper copy names a root the server's key signed; none before the first.
  std::optional<Checkpoint> checkpoint;
  std::string as_of;       // YYYY-MM-DD
};

// The audit line every report ends with, so a printed copy can be checked against the chain and,
// from the checkpoint it names, against the signed log.
std::string basis_line(const SheetHead& head);
// "审计日志签名检查点：第S条，默克尔树根 R，签于 T（密钥 K；…）。"; "" without one.
std::string checkpoint_line(const std::optional<Checkpoint>& checkpoint);
// The 填报单位/截至日期/单位 line under the title.
std::string meta_line(const SheetHead& head, MoneyUnit unit);

// Receives one report. begin once, row for each row in order, end once. A sink that fails
// (disk full, a file it cannot write) returns the error from end(); rows after a failure are
// ignored.
class SheetSink {
 public:
  virtual ~SheetSink() = default;
  virtual void begin(const SheetHead& head) = 0;
  virtual void row(RowKind kind, const std::vector<Cell>& cells) = 0;
  virtual Result<void> end() = 0;
};

// Money in the unit, as exact decimal text by integer arithmetic: 元 with two decimals
// ("1234.50"), 万元 with four, rounded half away from zero ("0.1235" for 1,234.50 元).
std::string money_text(int64_t fen, MoneyUnit unit);
// "25.83%" from 2583 basis points.
std::string percent_text(int64_t bp);
// disbursed / allocated in basis points, rounded half up; 0 when nothing is allocated.
int64_t progress_bp(int64_t disbursed_fen, int64_t allocated_fen);

}  // namespace taizhang
