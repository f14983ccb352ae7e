#include "engine/report/ledger_journal_report.h"

#include <map>

#include "engine/report/report_rows.h"

namespace taizhang {

namespace {

enum Col : size_t {
  kEntry, kAt, kKind, kItem, kTitle, kUnit, kFunds, kAllocated, kDisbursed, kPayee, kVoucher,
  kNote, kReversal, kAuditSeq, kColumns
};

std::string kind_name(EntryKind kind) {
  switch (kind) {
    case EntryKind::allocation: return "资金分配";
    case EntryKind::disbursement: return "资金拨付";
    case EntryKind::reversal: return "冲销";
  }
  return "";
}

struct ItemLabel {
  std::string title;
  int64_t org_id = 0;
};

}  // namespace

const std::vector<Column>& ledger_journal_columns() {
  static const std::vector<Column> columns = {
      {"", "流水号", CellKind::integer, 8},       {"", "记账时间", CellKind::text, 20},
      {"", "类别", CellKind::text, 9},            {"", "事项编号", CellKind::integer, 8},
      {"", "事项", CellKind::text, 30},           {"", "单位", CellKind::text, 10},
      {"", "资金（来源 文号）", CellKind::text, 34}, {"", "分配金额", CellKind::amount_fen, 14},
      {"", "拨付金额", CellKind::amount_fen, 14}, {"", "收款人", CellKind::text, 18},
      {"", "凭证号", CellKind::text, 14},         {"", "摘要", CellKind::text, 24},
      {"", "冲销", CellKind::text, 16},           {"", "审计序号", CellKind::integer, 9}};
  return columns;
}

Result<void> ledger_journal_report(const ReportContext& ctx, SheetSink& sink) {
  const std::map<int64_t, Fund> funds = funds_as_of(ctx);
  sink.begin(report_head(ctx, "记账流水", "扶贫资金记账流水", ledger_journal_columns()));
  std::map<int64_t, ItemLabel> items;
  int64_t allocated_sum = 0, disbursed_sum = 0, after_id = 0;
  for (bool more = true; more;) {
    auto page = ctx.store.ledger_entries(after_id, 500);
    more = page.size() == 500;
    for (const LedgerEntry& e : page) {
      after_id = e.id;
      // Entries are numbered in the order they are logged: the first past the head ends it.
      if (e.audit_seq > ctx.head.seq) {
        more = false;
        break;
      }
      auto label = items.find(e.item_id);
      if (label == items.end()) {
        auto item = ctx.store.item(e.item_id);
        label = items.emplace(e.item_id, ItemLabel{item ? item->title : "", item ? item->org_id : 0})
                    .first;
      }
      if (!ctx.covers(label->second.org_id)) continue;
      std::vector<Cell> cells(kColumns);
      cells[kEntry] = Cell::of_integer(e.id);
      cells[kAt] = Cell::of_text(e.at.substr(0, 19));
      cells[kKind] = Cell::of_text(kind_name(e.kind));
      cells[kItem] = Cell::of_integer(e.item_id);
      cells[kTitle] = text_cell(label->second.title);
      const OrgUnit* unit = ctx.orgs.find(label->second.org_id);
      cells[kUnit] = text_cell(unit ? unit->name : "");
      std::string fund_text;
      int64_t allocated = 0, disbursed = 0;
      for (const Posting& p : e.postings) {
        allocated += p.allocated_fen;
        disbursed += p.disbursed_fen;
        auto f = funds.find(p.fund_id);
        const std::string name =
            f == funds.end() ? "资金" + std::to_string(p.fund_id)
                             : std::string(chinese_name(f->second.source)) + " " + f->second.doc_no;
        if (fund_text.find(name) == std::string::npos) {
          fund_text += (fund_text.empty() ? "" : "；") + name;
        }
      }
      cells[kFunds] = text_cell(fund_text);
      cells[kAllocated] = Cell::of_fen(allocated);
      cells[kDisbursed] = Cell::of_fen(disbursed);
      allocated_sum += allocated;
      disbursed_sum += disbursed;
      cells[kPayee] = Cell::of_optional_text(e.payee ? &*e.payee : nullptr);
      cells[kVoucher] = Cell::of_optional_text(e.voucher_no ? &*e.voucher_no : nullptr);
      const std::optional<std::string>& note = e.kind == EntryKind::reversal ? e.reason : e.note;
      cells[kNote] = Cell::of_optional_text(note ? &*note : nullptr);
      if (e.reverses) {
        cells[kReversal] = Cell::of_text("冲销第" + std::to_string(*e.reverses) + "号");
      } else if (e.reversed_by) {
        auto by = ctx.store.ledger_entry(*e.reversed_by);
        if (by && by->audit_seq <= ctx.head.seq) {
          cells[kReversal] = Cell::of_text("已被第" + std::to_string(*e.reversed_by) + "号冲销");
        }
      }
      cells[kAuditSeq] = Cell::of_integer(e.audit_seq);
      sink.row(RowKind::detail, cells);
    }
  }
  std::vector<Cell> total(kColumns);
  total[kTitle] = Cell::of_text("合计（净额）");
  total[kAllocated] = Cell::of_fen(allocated_sum);
  total[kDisbursed] = Cell::of_fen(disbursed_sum);
  sink.row(RowKind::total, total);
  return sink.end();
}

}  // namespace taizhang
