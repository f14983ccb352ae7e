#!/usr/bin/python3
"""Opens a 扶贫项目资金台账 workbook with openpyxl — a reader that is not the writer — and checks it
against figures the test took from the HTTP API.

    check_ledger_xlsx.py WORKBOOK EXPECTED_JSON

EXPECTED_JSON: {"title": "...", "villages": {"吉照村": {"allocated_fen": n, "disbursed_fen": n}},
"total": {"allocated_fen": n, "disbursed_fen": n}, "audit_seq": n}

Checks the merged title, the 填报单位 line, the two-level header (资金来源 over its eight
columns, every other header merged down both rows), frozen panes below the header, A4 landscape
fit to one page wide with the header rows repeated, the page-number footer, every 小计 and the
合计 against the API's totals, and the audit basis line. Prints each failure; exits 1 if any.
"""
import json
import sys

import openpyxl

SOURCES = ["中央", "自治区", "市", "县", "粤桂协作", "统筹整合", "社会帮扶", "文号"]


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    merged = {str(r) for r in ws.merged_cells.ranges}
    last_col = openpyxl.utils.get_column_letter(ws.max_column)
    check(f"A1:{last_col}1" in merged, f"title not merged across A1:{last_col}1: {sorted(merged)}")
    check(ws["A1"].value == expected["title"], f"title is {ws['A1'].value!r}")
    meta = ws["A2"].value or ""
    check(meta.startswith("填报单位：") and "截至日期：" in meta and "单位：元" in meta,
          f"meta line is {meta!r}")

    header_top = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    header_bottom = [ws.cell(row=4, column=c).value for c in range(1, ws.max_column + 1)]
    check("资金来源" in header_top, f"no 资金来源 group in row 3: {header_top}")
    if "资金来源" in header_top:
        first = header_top.index("资金来源") + 1
        a = openpyxl.utils.get_column_letter(first)
        b = openpyxl.utils.get_column_letter(first + len(SOURCES) - 1)
        check(f"{a}3:{b}3" in merged, f"资金来源 not merged over {a}3:{b}3")
        check(header_bottom[first - 1:first - 1 + len(SOURCES)] == SOURCES,
              f"sources under 资金来源: {header_bottom[first - 1:first - 1 + len(SOURCES)]}")
    for label in ["序号", "村", "项目名称", "已分配", "已拨付（实际支出）", "结余", "支出进度"]:
        check(label in header_top, f"no {label} in the header")
        if label in header_top:
            col = openpyxl.utils.get_column_letter(header_top.index(label) + 1)
            check(f"{col}3:{col}4" in merged, f"{label} not merged down {col}3:{col}4")

    check(ws.freeze_panes == "A5", f"frozen at {ws.freeze_panes}, not below the header (A5)")
    check(ws.page_setup.orientation == "landscape", f"orientation {ws.page_setup.orientation}")
    check(str(ws.page_setup.paperSize) == "9", f"paper size {ws.page_setup.paperSize}, not A4 (9)")
    check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
          "not fit to page")
    check(ws.page_setup.fitToWidth in (None, 1, "1"), f"fit to width {ws.page_setup.fitToWidth}")
    check(str(ws.page_setup.fitToHeight) == "0", f"fit to height {ws.page_setup.fitToHeight}")
    check(ws.print_title_rows == "$3:$4", f"repeated rows {ws.print_title_rows}")
    check(ws.oddFooter.center.text == "第 &P 页，共 &N 页", f"footer {ws.oddFooter.center.text!r}")

    col_of = {label: header_top.index(label) + 1 for label in ["村", "已分配", "已拨付（实际支出）"]
              if label in header_top}
    if len(col_of) == 3:
        seen = {}
        total = None
        basis = None
        for row in range(5, ws.max_row + 1):
            unit = ws.cell(row=row, column=col_of["村"]).value
            first = ws.cell(row=row, column=1).value
            allocated = ws.cell(row=row, column=col_of["已分配"]).value
            disbursed = ws.cell(row=row, column=col_of["已拨付（实际支出）"]).value
            if isinstance(unit, str) and unit.endswith("小计"):
                seen[unit[:-2]] = (round(allocated * 100), round(disbursed * 100))
            elif unit == "合计":
                total = (round(allocated * 100), round(disbursed * 100))
            elif isinstance(first, str) and first.startswith("数据截至"):
                basis = first
        want = {v: (t["allocated_fen"], t["disbursed_fen"]) for v, t in expected["villages"].items()}
        check(seen == want, f"小计 rows {seen} != API totals {want}")
        t = expected["total"]
        check(total == (t["allocated_fen"], t["disbursed_fen"]),
              f"合计 {total} != API totals {(t['allocated_fen'], t['disbursed_fen'])}")
        check(basis is not None and f"第{expected['audit_seq']}条记录" in basis,
              f"audit basis line {basis!r} does not name seq {expected['audit_seq']}")
    else:
        failures.append(f"columns missing: {col_of}")

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("workbook checks out:", path)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
