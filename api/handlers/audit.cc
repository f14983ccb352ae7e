// The audit chain: records, the current head, and a full verification (supervisor, admin).
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/verify/audit_verify.h"
#include "engine/access/permission.h"

namespace taizhang::api {

namespace {

Result<Principal> auditor(App& app, const Request& req) {
  auto who = authenticate(app, req);
  if (!who) return who;
  if (auto ok = require(*who, Permission::read_audit); !ok) {
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

// The head is public (GET /public/audit/head prints it on every notice), so it needs no scope.
Response get_audit_head(App& app, const Request& req, const PathParams&) {
  auto who = auditor(app, req);
  if (!who) return problem(who.error());
  auto head = app.db().read([](StoreReader& store) -> Result<AuditHead> {
    return store.audit_head();
  });
  if (!head) return problem(head.error());
  return json_response(200, {{"seq", head->seq}, {"hash", head->hash}});
}

// Verification replays the whole chain whoever asks, one run at a time. A township-wide caller reads the whole
// verdict; a caller scoped to units reads whether the chain holds and its (public) head, and
// where it breaks only when the broken record is about one of their units: the township's
// counts and another unit's record stay out of their sight, as in GET /audit.
Response get_audit_verify(App& app, const Request& req, const PathParams&) {
  auto who = auditor(app, req);
  if (!who) return problem(who.error());
  // Stored checkpoints' signatures are checked with this server's own public key.
  CheckpointOptions checkpoints;
  checkpoints.public_key_hex = app.checkpoint_public_key();
  // One verify at a time: a request arriving while one runs takes its verdict, which names the
  // head it verified.
  auto verdict = app.audit_verify_flight().run(
      [&] { return verify_audit(app.db(), app.evidence_files(), checkpoints); });
  if (!verdict) return problem(verdict.error());
  nlohmann::json out = {{"intact", verdict->intact},
                        {"head", {{"seq", verdict->head.seq}, {"hash", verdict->head.hash}}}};
  // The tree's root is public (GET /public/audit/root) as the head is.
  if (!verdict->merkle_root.empty()) out["merkle_root"] = verdict->merkle_root;
  if (!who->visible_orgs) {
    out["records"] = verdict->records;
    out["items_checked"] = verdict->items_checked;
    out["funds_checked"] = verdict->funds_checked;
    out["ledger_entries_checked"] = verdict->ledger_entries_checked;
    out["notices_checked"] = verdict->notices_checked;
    out["attachments_checked"] = verdict->attachments_checked;
    out["files_checked"] = verdict->files_checked;
    out["merkle_subtrees_checked"] = verdict->merkle_subtrees_checked;
    out["checkpoints_checked"] = verdict->checkpoints_checked;
    out["checkpoint_signatures_checked"] = verdict->checkpoint_signatures_checked;
    out["history_lines_checked"] = verdict->history_lines_checked;
    out["workflow_versions_checked"] = verdict->workflow_versions_checked;
    out["users_checked"] = verdict->users_checked;
    out["api_tokens_checked"] = verdict->api_tokens_checked;
    out["sessions_checked"] = verdict->sessions_checked;
    out["orgs_checked"] = verdict->orgs_checked;
    out["webhooks_checked"] = verdict->webhooks_checked;
    out["alerts_checked"] = verdict->alerts_checked;
    out["alert_events_checked"] = verdict->alert_events_checked;
  }
  if (verdict->intact) return json_response(200, out);
  bool in_scope = !who->visible_orgs;
  if (!in_scope) {
    // The break is theirs when its record, or else its item, is about one of their units.
    auto mine = app.db().read([&](StoreReader& store) -> Result<bool> {
      if (verdict->bad_seq) {
        auto records = store.audit_of_units(*verdict->bad_seq - 1, 1, *who->visible_orgs);
        return !records.empty() && records.front().seq == *verdict->bad_seq;
      }
      if (verdict->bad_item_id) {
        auto item = store.item(*verdict->bad_item_id);
        return item && who->can_see_org(item->org_id);
      }
      return false;
    });
    in_scope = mine && *mine;
  }
  if (in_scope) {
    out["problem"] = verdict->problem;
    if (verdict->bad_seq) out["bad_seq"] = *verdict->bad_seq;
    if (verdict->bad_item_id) out["bad_item_id"] = *verdict->bad_item_id;
    if (verdict->bad_checkpoint_seq) out["bad_checkpoint_seq"] = *verdict->bad_checkpoint_seq;
    if (verdict->bad_merkle_subtree) {
      out["bad_merkle_subtree"] = {{"level", verdict->bad_merkle_subtree->level},
                                   {"index", verdict->bad_merkle_subtree->index}};
    }
  } else {
    out["problem"] = "审计链不完整：出错的记录不在您的管辖范围内，请联系镇督查或系统管理员核查";
  }
  return json_response(200, out);
}

}  // namespace taizhang::api
