// The request handlers, one group per file; api/routes.cc binds them to paths.
#pragma once

#include <cstdint>

#include "api/router.h"
#include "engine/base/error.h"

namespace taizhang {
struct WorkItem;
struct Principal;
class StoreReader;
}

namespace taizhang::api {

// health.cc
Response get_healthz(App&, const Request&, const PathParams&);
Response get_metrics(App&, const Request&, const PathParams&);
// accounts.cc
Response get_me(App&, const Request&, const PathParams&);
Response post_user(App&, const Request&, const PathParams&);
Response post_user_password(App&, const Request&, const PathParams&);
Response get_users(App&, const Request&, const PathParams&);
Response post_user_disable(App&, const Request&, const PathParams&);
Response post_user_enable(App&, const Request&, const PathParams&);
// tokens.cc (admin)
Response post_user_token(App&, const Request&, const PathParams&);
Response get_user_tokens(App&, const Request&, const PathParams&);
Response delete_user_token(App&, const Request&, const PathParams&);
Response delete_user_tokens(App&, const Request&, const PathParams&);
// sessions.cc
Response post_session(App&, const Request&, const PathParams&);
Response get_session(App&, const Request&, const PathParams&);
Response delete_session(App&, const Request&, const PathParams&);
// orgs.cc
Response get_orgs(App&, const Request&, const PathParams&);
// workflows.cc
Response get_workflows(App&, const Request&, const PathParams&);
Response get_workflow(App&, const Request&, const PathParams&);
// items.cc
Response post_item(App&, const Request&, const PathParams&);
Response get_items(App&, const Request&, const PathParams&);
Response get_item(App&, const Request&, const PathParams&);
Response get_item_history(App&, const Request&, const PathParams&);
// transitions.cc
Response post_transition(App&, const Request&, const PathParams&);
// If-Match carries an item version as an entity tag: "7", W/"7" or a bare 7; "*" or no header
// matches any (nullopt). Anything else is invalid_field on If-Match.
Result<std::optional<int64_t>> if_match_version(const Request& req);
// milestones.cc
Response post_milestone_reached(App&, const Request&, const PathParams&);
// An item as a write's answer (items.cc): `status` with the item's view and ETag, or the
// problem. Tells the alert scanner the item changed. Runs after the commit, off the writer.
Response item_answer(App& app, int status, const Result<WorkItem>& item);
// Inside a read: the item `id` as `who` may see it — not_found when it is absent, and the same
// not_found, marked as a scope refusal (out_of_scope) for the caller to record, when it belongs
// to a unit outside their scope: a 403 would confirm that the id exists.
Result<WorkItem> visible_item(StoreReader& store, const Principal& who, int64_t id);
// deadlines.cc
Response post_deadline_parse(App&, const Request&, const PathParams&);
// plans.cc
Response post_plan_import(App&, const Request&, const PathParams&);
// audit.cc
Response get_overview(App&, const Request&, const PathParams&);
Response get_overdue_report(App&, const Request&, const PathParams&);
Response get_spending_progress(App&, const Request&, const PathParams&);
Response get_audit(App&, const Request&, const PathParams&);
Response get_audit_head(App&, const Request&, const PathParams&);
Response get_audit_verify(App&, const Request&, const PathParams&);

// exports.cc: the 台账 reports as XLSX or CSV
Response get_export(App&, const Request&, const PathParams&);

// imports.cc: funds and items from a spreadsheet
Response post_import(App&, const Request&, const PathParams&);

// funds.cc
Response post_fund(App&, const Request&, const PathParams&);
Response get_funds(App&, const Request&, const PathParams&);
Response get_fund(App&, const Request&, const PathParams&);
Response get_fund_allocations(App&, const Request&, const PathParams&);

// ledger.cc
Response post_allocation(App&, const Request&, const PathParams&);
Response post_disbursement(App&, const Request&, const PathParams&);
Response post_disbursement_reversal(App&, const Request&, const PathParams&);
Response post_allocation_reversal(App&, const Request&, const PathParams&);
Response get_item_ledger(App&, const Request&, const PathParams&);

// notices.cc
Response post_notice(App&, const Request&, const PathParams&);
Response get_item_notices(App&, const Request&, const PathParams&);
Response get_notice(App&, const Request&, const PathParams&);
Response post_objection(App&, const Request&, const PathParams&);
Response post_objection_resolve(App&, const Request&, const PathParams&);

// public_notices.cc (no login)
Response get_public_notices(App&, const Request&, const PathParams&);
Response get_public_notice(App&, const Request&, const PathParams&);
// public_audit.cc (no login)
Response get_public_audit_head(App&, const Request&, const PathParams&);
Response get_public_audit_record(App&, const Request&, const PathParams&);
Response get_public_audit_root(App&, const Request&, const PathParams&);
Response get_public_audit_inclusion(App&, const Request&, const PathParams&);
Response get_public_audit_consistency(App&, const Request&, const PathParams&);
Response get_public_audit_checkpoints(App&, const Request&, const PathParams&);

// alerts.cc
Response get_alerts(App&, const Request&, const PathParams&);
Response post_alert_ack(App&, const Request&, const PathParams&);
Response get_alert_stream(App&, const Request&, const PathParams&);

// webhooks.cc (admin)
Response post_webhook(App&, const Request&, const PathParams&);
Response get_webhooks(App&, const Request&, const PathParams&);
Response get_webhook_deliveries(App&, const Request&, const PathParams&);
Response post_webhook_test(App&, const Request&, const PathParams&);

// A positive integer path parameter; not_found otherwise (an id that cannot exist).
Result<int64_t> id_param(const PathParams& params, const char* name);

// attachments.cc
Response post_attachment(App&, const Request&, const PathParams&);
Response get_item_attachments(App&, const Request&, const PathParams&);
Response get_attachment(App&, const Request&, const PathParams&);
Response get_attachment_content(App&, const Request&, const PathParams&);
Response get_attachment_thumbnail(App&, const Request&, const PathParams&);
Response post_attachment_withdrawal(App&, const Request&, const PathParams&);
// dossier.cc
Response get_item_dossier(App&, const Request&, const PathParams&);
Response get_public_notice_photo(App&, const Request&, const PathParams&);
Response get_item_dossier_zip(App&, const Request&, const PathParams&);

}  // namespace taizhang::api
