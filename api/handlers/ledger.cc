// An item's ledger: allocations, disbursements (with Idempotency-Key), reversals, and the ledger
// itself with its totals.

#include "api/app.h"
#include "engine/access/scope_refusal.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/views/ledger_view.h"
#include "api/problem.h"
#include "engine/ledger/ledger_commands.h"

namespace taizhang::api {

namespace {

Result<NewAllocation> parse_allocation(const Request& req) {
  auto body = read_object(req);
  if (!body) return std::unexpected(body.error());
  if (auto ok = only_fields(*body, {"fund_id", "amount_fen", "amount_yuan", "note"}); !ok) {
    return std::unexpected(ok.error());
  }
  NewAllocation a;
  auto fund = int_field(*body, "fund_id", true, 1, INT64_MAX);
  if (!fund) return std::unexpected(fund.error());
  a.fund_id = **fund;
  auto amount = amount_field(*body, true);
  if (!amount) return std::unexpected(amount.error());
  a.amount_fen = **amount;
  auto note = string_field(*body, "note", false, kMaxLedgerNoteBytes);
  if (!note) return std::unexpected(note.error());
  a.note = *note;
  return a;
}

Result<NewDisbursement> parse_disbursement(const Request& req) {
  auto body = read_object(req);
  if (!body) return std::unexpected(body.error());
  if (auto ok = only_fields(*body, {"amount_fen", "amount_yuan", "payee", "voucher_no", "note",
                                    "payee_account"});
      !ok) {
    return std::unexpected(ok.error());
  }
  NewDisbursement d;
  auto amount = amount_field(*body, true);
  if (!amount) return std::unexpected(amount.error());
  d.amount_fen = **amount;
  auto payee = string_field(*body, "payee", true, kMaxLedgerTextBytes);
  if (!payee) return std::unexpected(payee.error());
  d.payee = **payee;
  auto voucher = string_field(*body, "voucher_no", true, kMaxLedgerTextBytes);
  if (!voucher) return std::unexpected(voucher.error());
  d.voucher_no = **voucher;
  auto note = string_field(*body, "note", false, kMaxLedgerNoteBytes);
  if (!note) return std::unexpected(note.error());
  d.note = *note;
  auto account = string_field(*body, "payee_account", false, kMaxLedgerTextBytes);
  if (!account) return std::unexpected(account.error());
  d.payee_account = *account;
  auto key = req.header("idempotency-key");
  if (!key) {
    return fail(ErrorCode::invalid_field,
                "a disbursement needs an Idempotency-Key header (a unique value per payment, "
                "sent again unchanged when retrying)",
                "Idempotency-Key");
  }
  d.idempotency_key = *key;
  return d;
}

Response created_entry(const Result<LedgerEntry>& entry) {
  if (!entry) return problem(entry.error());
  return json_response(201, entry_json(*entry));
}

Response post_reversal(App& app, const Request& req, const PathParams& params, EntryKind kind) {
  return write_on_id(
      app, req, params,
      [](const Request& r) { return sole_string_field(r, "reason", kMaxLedgerNoteBytes); },
      [&app, kind](StoreWriter& store, const Principal& who, int64_t id,
                   const std::string& reason) {
        return reverse_entry(store, who, id, kind, reason, app.clock().now());
      },
      created_entry);
}

}  // namespace

Response post_allocation(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params, parse_allocation,
      [&app](StoreWriter& store, const Principal& who, int64_t id, const NewAllocation& request) {
        return allocate(store, who, id, request, app.clock().now());
      },
      created_entry);
}

Response post_disbursement(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params, parse_disbursement,
      [&app](StoreWriter& store, const Principal& who, int64_t id, const NewDisbursement& request) {
        return disburse(store, who, id, request, app.clock().now());
      },
      [](Result<DisbursementResult> paid) {
        if (!paid) return problem(paid.error());
        // A retry is answered with the original entry, 200 rather than 201: nothing new was paid.
        Response r = json_response(paid->replayed ? 200 : 201, entry_json(paid->entry));
        if (paid->replayed) r.set_header("Idempotent-Replayed", "true");
        return r;
      });
}

Response post_disbursement_reversal(App& app, const Request& req, const PathParams& params) {
  return post_reversal(app, req, params, EntryKind::disbursement);
}

Response post_allocation_reversal(App& app, const Request& req, const PathParams& params) {
  return post_reversal(app, req, params, EntryKind::allocation);
}

Response get_item_ledger(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "ledger.read", visible_item,
      [](StoreReader& store, const Principal&, const WorkItem& item) {
        return json_response(200, item_ledger_json(store, item.id));
      });
}

}  // namespace taizhang::api
