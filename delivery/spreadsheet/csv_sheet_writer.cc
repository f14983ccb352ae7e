// The CSV writer: the same rows as the workbook, one line each, through csv_row (quoting, BOM,
// CRLF and formula neutralising live there, shared with the item list's CSV).
#include <algorithm>

#include "delivery/spreadsheet/csv_row.h"
#include "delivery/spreadsheet/sheet_files.h"

namespace taizhang {

namespace {

class CsvSheetWriter final : public SheetSink {
 public:
  CsvSheetWriter(std::ostream& out, MoneyUnit unit) : out_(out), unit_(unit) {}

  void begin(const SheetHead& head) override {
    head_ = head;
    width_ = head.columns.size();
    out_ << kCsvBom;
    line({head.title});
    line({meta_line(head, unit_)});
    bool two_levels = false;
    for (const Column& c : head.columns) two_levels |= !c.group.empty();
    std::vector<std::string> top, bottom;
    for (const Column& c : head.columns) {
      top.push_back(c.group.empty() ? c.label : c.group);
      bottom.push_back(c.group.empty() ? "" : c.label);
    }
    line(top);
    if (two_levels) line(bottom);
  }

  void row(RowKind, const std::vector<Cell>& cells) override {
    std::vector<std::string> text;
    std::vector<bool> numbers;
    text.reserve(cells.size());
    for (const Cell& cell : cells) {
      numbers.push_back(cell.kind == CellKind::integer || cell.kind == CellKind::amount_fen ||
                        cell.kind == CellKind::percent_bp);
      switch (cell.kind) {
        case CellKind::empty: text.emplace_back(); break;
        case CellKind::text:
        case CellKind::date: text.push_back(cell.text); break;
        case CellKind::integer: text.push_back(std::to_string(cell.number)); break;
        case CellKind::amount_fen: text.push_back(money_text(cell.number, unit_)); break;
        case CellKind::percent_bp: text.push_back(percent_text(cell.number)); break;
      }
    }
    text.resize(std::max(text.size(), width_));
    out_ << csv_row(text, numbers);
  }

  Result<void> end() override {
    line({basis_line(head_)});
    out_.flush();
    if (!out_) return fail(ErrorCode::internal, "cannot write the CSV");
    return {};
  }

 private:
  // Pads to the sheet's width so that every line has the same number of cells.
  void line(std::vector<std::string> cells) {
    cells.resize(std::max(cells.size(), width_));
    out_ << csv_row(cells);
  }

  std::ostream& out_;
  MoneyUnit unit_;
  SheetHead head_;
  size_t width_ = 0;
};

}  // namespace

std::unique_ptr<SheetSink> csv_sheet_writer(std::ostream& out, MoneyUnit unit) {
  return std::make_unique<CsvSheetWriter>(out, unit);
}

}  // namespace taizhang
