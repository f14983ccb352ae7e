// The XLSX writer: libxlsxwriter in constant-memory mode. In that mode a row is flushed as soon as
// a later row is written, so every cell of a row is written before the next row is touched —
// which is why the header's vertical merges are written after the row's other cells.
#include <xlsxwriter.h>

#include "delivery/spreadsheet/sheet_files.h"

namespace taizhang {

namespace {

// Excel's limits: 31 characters in a sheet name, 32,767 in a cell.
constexpr size_t kMaxCellBytes = 32'767;

class XlsxSheetWriter final : public SheetSink {
 public:
  XlsxSheetWriter(std::string path, MoneyUnit unit, std::string tmpdir)
      : path_(std::move(path)), unit_(unit), tmpdir_(std::move(tmpdir)) {}
  ~XlsxSheetWriter() override {
    // A writer dropped without end() still closes the workbook, so its temporary files go.
    if (wb_) workbook_close(wb_);
  }

  void begin(const SheetHead& head) override {
    head_ = head;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.empty() ? nullptr : const_cast<char*>(tmpdir_.c_str());
    wb_ = workbook_new_opt(path_.c_str(), &options);
    if (!wb_) {
      failed_ = true;
      return;
    }
    ws_ = workbook_add_worksheet(wb_, head.sheet_name.c_str());
    if (!ws_) {
      failed_ = true;
      return;
    }
    make_formats();
    const auto columns = static_cast<lxw_col_t>(head.columns.size());
    last_col_ = columns == 0 ? 0 : columns - 1;
    for (lxw_col_t c = 0; c < columns; ++c) {
      worksheet_set_column(ws_, c, c, head.columns[c].width_chars, nullptr);
    }
    worksheet_set_row(ws_, 0, 30, nullptr);
    worksheet_merge_range(ws_, 0, 0, 0, last_col_, head.title.c_str(), title_);
    worksheet_merge_range(ws_, 1, 0, 1, last_col_, meta_line(head, unit_).c_str(), meta_);
    write_header();
    worksheet_freeze_panes(ws_, next_row_, 0);
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4
    worksheet_fit_to_pages(ws_, 1, 0);
    worksheet_repeat_rows(ws_, 2, next_row_ - 1);
    worksheet_set_footer(ws_, "&C第 &P 页，共 &N 页");
    worksheet_set_margins(ws_, 0.4, 0.4, 0.6, 0.6);
  }

  void row(RowKind kind, const std::vector<Cell>& cells) override {
    if (failed_ || !ws_) return;
    const bool bold = kind != RowKind::detail;
    for (size_t c = 0; c < cells.size() && c < head_.columns.size(); ++c) {
      write_cell(next_row_, static_cast<lxw_col_t>(c), cells[c], bold);
    }
    ++next_row_;
  }

  Result<void> end() override {
    if (!wb_) return fail(ErrorCode::internal, "cannot create the workbook " + path_);
    if (!failed_) {
      worksheet_merge_range(ws_, next_row_, 0, next_row_, last_col_, basis_line(head_).c_str(),
                            meta_);
    }
    const lxw_error err = workbook_close(wb_);
    wb_ = nullptr;
    if (failed_ || err != LXW_NO_ERROR) {
      return fail(ErrorCode::internal, "cannot write the workbook " + path_ + ": " +
                                           (failed_ ? "a cell was refused" : lxw_strerror(err)));
    }
    return {};
  }

 private:
  lxw_format* format(bool bold, const char* num_format, uint8_t align) {
    lxw_format* f = workbook_add_format(wb_);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (align) format_set_align(f, align);
    if (bold) format_set_bold(f);
    if (num_format) format_set_num_format(f, num_format);
    format_set_text_wrap(f);
    return f;
  }

  void make_formats() {
    title_ = workbook_add_format(wb_);
    format_set_bold(title_);
    format_set_font_size(title_, 16);
    format_set_align(title_, LXW_ALIGN_CENTER);
    format_set_align(title_, LXW_ALIGN_VERTICAL_CENTER);
    meta_ = workbook_add_format(wb_);
    format_set_align(meta_, LXW_ALIGN_LEFT);
    header_ = format(true, nullptr, LXW_ALIGN_CENTER);
    format_set_bg_color(header_, 0xD9E1F2);
    const char* money = unit_ == MoneyUnit::wan ? "#,##0.0000" : "#,##0.00";
    for (int b = 0; b < 2; ++b) {
      text_[b] = format(b, nullptr, 0);
      money_[b] = format(b, money, 0);
      percent_[b] = format(b, "0.00%", 0);
      integer_[b] = format(b, "0", 0);
      date_[b] = format(b, nullptr, LXW_ALIGN_CENTER);
    }
  }

  void write_header() {
    const auto& cols = head_.columns;
    bool two_levels = false;
    for (const Column& c : cols) two_levels |= !c.group.empty();
    const lxw_row_t top = 2, bottom = two_levels ? 3 : 2;
    // Row `top`: group cells merged across their columns, and the single-level labels.
    for (size_t c = 0; c < cols.size();) {
      size_t end = c + 1;
      if (!cols[c].group.empty()) {
        while (end < cols.size() && cols[end].group == cols[c].group) ++end;
        if (end - c > 1) {
          worksheet_merge_range(ws_, top, lxw_col_t(c), top, lxw_col_t(end - 1),
                                cols[c].group.c_str(), header_);
        } else {
          worksheet_write_string(ws_, top, lxw_col_t(c), cols[c].group.c_str(), header_);
        }
      } else {
        worksheet_write_string(ws_, top, lxw_col_t(c), cols[c].label.c_str(), header_);
      }
      c = end;
    }
    if (two_levels) {
      // The single-level labels merged down both rows; the first merge moves libxlsxwriter to
      // the second row, where its blank cells (and the group labels) belong.
      for (size_t c = 0; c < cols.size(); ++c) {
        if (cols[c].group.empty()) {
          worksheet_merge_range(ws_, top, lxw_col_t(c), bottom, lxw_col_t(c),
                                cols[c].label.c_str(), header_);
        }
      }
      for (size_t c = 0; c < cols.size(); ++c) {
        if (!cols[c].group.empty()) {
          worksheet_write_string(ws_, bottom, lxw_col_t(c), cols[c].label.c_str(), header_);
        }
      }
    }
    next_row_ = bottom + 1;
  }

  void write_cell(lxw_row_t r, lxw_col_t c, const Cell& cell, bool bold) {
    const int b = bold ? 1 : 0;
    lxw_error err = LXW_NO_ERROR;
    switch (cell.kind) {
      case CellKind::empty:
        err = worksheet_write_blank(ws_, r, c, text_[b]);
        break;
      case CellKind::text:
      case CellKind::date: {
        // Text is written as a string cell, never a formula, whatever it starts with.
        const std::string text = cell.text.size() > kMaxCellBytes
                                     ? cell.text.substr(0, kMaxCellBytes - 3) + "..."
                                     : cell.text;
        err = worksheet_write_string(ws_, r, c, text.c_str(),
                                     cell.kind == CellKind::date ? date_[b] : text_[b]);
        break;
      }
      case CellKind::integer:
        err = worksheet_write_number(ws_, r, c, double(cell.number), integer_[b]);
        break;
      case CellKind::amount_fen:
        err = worksheet_write_number(
            ws_, r, c, double(cell.number) / (unit_ == MoneyUnit::wan ? 1e6 : 100.0), money_[b]);
        break;
      case CellKind::percent_bp:
        err = worksheet_write_number(ws_, r, c, double(cell.number) / 10000.0, percent_[b]);
        break;
    }
    if (err != LXW_NO_ERROR) failed_ = true;
  }

  std::string path_;
  MoneyUnit unit_;
  std::string tmpdir_;
  SheetHead head_;
  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  lxw_col_t last_col_ = 0;
  lxw_row_t next_row_ = 0;
  bool failed_ = false;
  lxw_format *title_ = nullptr, *meta_ = nullptr, *header_ = nullptr;
  lxw_format *text_[2]{}, *money_[2]{}, *percent_[2]{}, *integer_[2]{}, *date_[2]{};
};

}  // namespace

std::unique_ptr<SheetSink> xlsx_sheet_writer(std::string path, MoneyUnit unit, std::string tmpdir) {
  return std::make_unique<XlsxSheetWriter>(std::move(path), unit, std::move(tmpdir));
}

}  // namespace taizhang
