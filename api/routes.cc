// The whole HTTP API in one table: method, path, handler, and the query parameters the route
// takes. Any other query parameter is 400 invalid_field naming it (router.h).
#include "api/app.h"
#include "api/handlers/handlers.h"

namespace taizhang::api {

void add_routes(Router& r) {
  // Paged lists take these two besides their filters.
  const std::vector<std::string> page = {"limit", "cursor"};
  auto paged = [&page](std::vector<std::string> filters) {
    filters.insert(filters.end(), page.begin(), page.end());
    return filters;
  };

  r.add("GET", "/healthz", get_healthz, {});
  r.add("GET", "/metrics", get_metrics, {});

  r.add("GET", "/api/v1/me", get_me, {});
  r.add("POST", "/api/v1/users", post_user, {});
  r.add("GET", "/api/v1/users", get_users, page);
  r.add("POST", "/api/v1/users/{id}/password", post_user_password, {});
  r.add("POST", "/api/v1/users/{id}/disable", post_user_disable, {});
  r.add("POST", "/api/v1/users/{id}/enable", post_user_enable, {});
  r.add("POST", "/api/v1/users/{id}/tokens", post_user_token, {});
  r.add("GET", "/api/v1/users/{id}/tokens", get_user_tokens, {});
  r.add("DELETE", "/api/v1/users/{id}/tokens", delete_user_tokens, {});
  r.add("DELETE", "/api/v1/users/{id}/tokens/{token_id}", delete_user_token, {});
  r.add("POST", "/api/v1/session", post_session, {});
  r.add("GET", "/api/v1/session", get_session, {});
  r.add("DELETE", "/api/v1/session", delete_session, {});
  r.add("GET", "/api/v1/orgs", get_orgs, {});

  r.add("GET", "/api/v1/workflows", get_workflows, {});
  r.add("GET", "/api/v1/workflows/{id}", get_workflow, {"version"});

  r.add("POST", "/api/v1/items", post_item, {});
  r.add("GET", "/api/v1/items", get_items,
        paged({"org", "workflow", "stage", "overdue", "q", "due_from", "due_to", "responsible",
               "sort", "format"}));
  r.add("GET", "/api/v1/items/{id}", get_item, {});
  r.add("GET", "/api/v1/items/{id}/history", get_item_history, page);
  r.add("POST", "/api/v1/items/{id}/transitions", post_transition, {});
  r.add("POST", "/api/v1/items/{id}/milestones/{number}/reached", post_milestone_reached, {});

  r.add("POST", "/api/v1/funds", post_fund, {});
  r.add("GET", "/api/v1/funds", get_funds, paged({"year", "source"}));
  r.add("GET", "/api/v1/funds/{id}", get_fund, {});
  r.add("GET", "/api/v1/funds/{id}/allocations", get_fund_allocations, page);
  r.add("POST", "/api/v1/items/{id}/allocations", post_allocation, {});
  r.add("POST", "/api/v1/items/{id}/disbursements", post_disbursement, {});
  r.add("GET", "/api/v1/items/{id}/ledger", get_item_ledger, {});
  r.add("POST", "/api/v1/allocations/{id}/reversal", post_allocation_reversal, {});
  r.add("POST", "/api/v1/disbursements/{id}/reversal", post_disbursement_reversal, {});

  r.add("POST", "/api/v1/items/{id}/attachments", post_attachment, {});
  r.add("GET", "/api/v1/items/{id}/attachments", get_item_attachments, {});
  r.add("GET", "/api/v1/items/{id}/dossier", get_item_dossier, {});
  r.add("GET", "/api/v1/items/{id}/dossier.zip", get_item_dossier_zip, {});
  r.add("GET", "/api/v1/attachments/{id}", get_attachment, {});
  r.add("GET", "/api/v1/attachments/{id}/content", get_attachment_content, {"inline"});
  r.add("GET", "/api/v1/attachments/{id}/thumbnail", get_attachment_thumbnail, {});
  r.add("POST", "/api/v1/attachments/{id}/withdrawal", post_attachment_withdrawal, {});

  r.add("POST", "/api/v1/items/{id}/notices", post_notice, {});
  r.add("GET", "/api/v1/items/{id}/notices", get_item_notices, {});
  r.add("GET", "/api/v1/notices/{id}", get_notice, {});
  r.add("POST", "/api/v1/notices/{id}/objections", post_objection, {});
  r.add("POST", "/api/v1/objections/{id}/resolve", post_objection_resolve, {});

  // The public notice board: no login. {id} is "12" (JSON) or "12.html" (printable A4 page).
  r.add("GET", "/public/notices", get_public_notices, paged({"org", "state"}));
  r.add("GET", "/public/notices/{id}", get_public_notice, {});
  r.add("GET", "/public/notices/{id}/photos/{photo}", get_public_notice_photo, {});
  r.add("GET", "/public/audit/head", get_public_audit_head, {});
  r.add("GET", "/public/audit/records/{seq}", get_public_audit_record, {});
  // The Merkle tree over the chain: roots and RFC 9162 proofs (api/handlers/public_audit.cc).
  r.add("GET", "/public/audit/root", get_public_audit_root, {"tree_size"});
  r.add("GET", "/public/audit/proof/inclusion", get_public_audit_inclusion, {"seq", "tree_size"});
  r.add("GET", "/public/audit/proof/consistency", get_public_audit_consistency,
        {"first", "second"});
  // Signed checkpoints of the tree (api/handlers/public_checkpoints.cc).
  r.add("GET", "/public/audit/checkpoints", get_public_audit_checkpoints, {"after", "limit"});

  r.add("GET", "/api/v1/alerts", get_alerts, paged({"state", "level", "org", "mine"}));
  r.add("GET", "/api/v1/alerts/stream", get_alert_stream, {"org"});
  r.add("POST", "/api/v1/alerts/{id}/ack", post_alert_ack, {});
  r.add("POST", "/api/v1/webhooks", post_webhook, {});
  r.add("GET", "/api/v1/webhooks", get_webhooks, {});
  r.add("GET", "/api/v1/webhooks/{id}/deliveries", get_webhook_deliveries, page);
  r.add("POST", "/api/v1/webhooks/{id}/test", post_webhook_test, {});

  r.add("POST", "/api/v1/deadlines/parse", post_deadline_parse, {});
  r.add("POST", "/api/v1/plans/import", post_plan_import, {});

  r.add("GET", "/api/v1/overview", get_overview, {"as_of"});
  r.add("GET", "/api/v1/reports/overdue", get_overdue_report, {"as_of"});
  r.add("GET", "/api/v1/reports/spending", get_spending_progress, {"as_of"});
  r.add("GET", "/api/v1/exports/{kind}", get_export, {"format", "as_of", "org", "unit"});
  r.add("POST", "/api/v1/imports", post_import, {"kind", "commit", "mapping"});

  r.add("GET", "/api/v1/audit", get_audit, {"after", "limit"});
  r.add("GET", "/api/v1/audit/head", get_audit_head, {});
  r.add("GET", "/api/v1/audit/verify", get_audit_verify, {});
}

}  // namespace taizhang::api
