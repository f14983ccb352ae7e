// The audit chain: records, the current head, and a full verification (supervisor, admin).
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/verify/audit_verify.h"

namespace taizhang::api {

namespace {

Result<Principal> auditor(App& app, const Request& req) {
  auto who = authenticate(app, req);
  if (!who) return who;
  if (auto ok = require_role(*who, {Role::supervisor, Role::admin}); !ok) {
    return std::unexpected(ok.error());
  }
  return who;
}

}  // namespace

Response get_audit(App& app, const Request& req, const PathParams&) {
  auto who = auditor(app, req);
  if (!who) return problem(who.error());
  auto limit = limit_param(req, 100, 1000);
  if (!limit) return problem(limit.error());
  int64_t after = 0;
  if (auto a = req.query_param("after")) {
    auto parsed = parse_int64(*a);
    if (!parsed || *parsed < 0) {
      return problem(ErrorCode::invalid_field, "after must be a sequence number", "after");
    }
    after = *parsed;
  }
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    // A user scoped to some units reads only the records about those units; a township-wide
    // one reads them all.
    auto records = who->visible_orgs ? store.audit_of_units(after, *limit, *who->visible_orgs)
                                     : store.audit(after, *limit);
    nlohmann::json out = {{"records", nlohmann::json::array()}, {"next_after", nullptr}};
    for (const auto& r : records) out["records"].push_back(to_json(r));
    if (static_cast<int>(records.size()) == *limit) out["next_after"] = records.back().seq;
    return out;
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

Response get_audit_head(App& app, const Request& req, const PathParams&) {
  auto who = auditor(app, req);
  if (!who) return problem(who.error());
  auto head = app.db().read([](StoreReader& store) -> Result<AuditHead> {
    return store.audit_head();
  });
  if (!head) return problem(head.error());
  return json_response(200, {{"seq", head->seq}, {"hash", head->hash}});
}

Response get_audit_verify(App& app, const Request& req, const PathParams&) {
  auto who = auditor(app, req);
  if (!who) return problem(who.error());
  auto verdict = verify_audit(app.db(), app.evidence_files());
  if (!verdict) return problem(verdict.error());
  nlohmann::json out = {{"intact", verdict->intact},
                        {"records", verdict->records},
                        {"items_checked", verdict->items_checked},
                        {"funds_checked", verdict->funds_checked},
                        {"ledger_entries_checked", verdict->ledger_entries_checked},
                        {"notices_checked", verdict->notices_checked},
                        {"attachments_checked", verdict->attachments_checked},
                        {"files_checked", verdict->files_checked},
                        {"head", {{"seq", verdict->head.seq}, {"hash", verdict->head.hash}}}};
  if (!verdict->intact) {
    out["problem"] = verdict->problem;
    if (verdict->bad_seq) out["bad_seq"] = *verdict->bad_seq;
    if (verdict->bad_item_id) out["bad_item_id"] = *verdict->bad_item_id;
  }
  return json_response(200, out);
}

}  // namespace taizhang::api
