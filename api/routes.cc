// The whole HTTP API in one table.
#include "api/app.h"
#include "api/handlers/handlers.h"

namespace taizhang::api {

void add_routes(Router& r) {
  r.add("GET", "/healthz", get_healthz);
  r.add("GET", "/metrics", get_metrics);

  r.add("GET", "/api/v1/me", get_me);
  r.add("POST", "/api/v1/users", post_user);
  r.add("POST", "/api/v1/users/{id}/password", post_user_password);
  r.add("POST", "/api/v1/session", post_session);
  r.add("GET", "/api/v1/session", get_session);
  r.add("DELETE", "/api/v1/session", delete_session);
  r.add("GET", "/api/v1/orgs", get_orgs);

  r.add("GET", "/api/v1/workflows", get_workflows);
  r.add("GET", "/api/v1/workflows/{id}", get_workflow);

  r.add("POST", "/api/v1/items", post_item);
  r.add("GET", "/api/v1/items", get_items);
  r.add("GET", "/api/v1/items/{id}", get_item);
  r.add("GET", "/api/v1/items/{id}/history", get_item_history);
  r.add("POST", "/api/v1/items/{id}/transitions", post_transition);

  r.add("POST", "/api/v1/funds", post_fund);
  r.add("GET", "/api/v1/funds", get_funds);
  r.add("GET", "/api/v1/funds/{id}", get_fund);
  r.add("POST", "/api/v1/items/{id}/allocations", post_allocation);
  r.add("POST", "/api/v1/items/{id}/disbursements", post_disbursement);
  r.add("GET", "/api/v1/items/{id}/ledger", get_item_ledger);
  r.add("POST", "/api/v1/allocations/{id}/reversal", post_allocation_reversal);
  r.add("POST", "/api/v1/disbursements/{id}/reversal", post_disbursement_reversal);

  r.add("POST", "/api/v1/items/{id}/attachments", post_attachment);
  r.add("GET", "/api/v1/items/{id}/attachments", get_item_attachments);
  r.add("GET", "/api/v1/items/{id}/dossier", get_item_dossier);
  r.add("GET", "/api/v1/items/{id}/dossier.zip", get_item_dossier_zip);
  r.add("GET", "/api/v1/attachments/{id}", get_attachment);
  r.add("GET", "/api/v1/attachments/{id}/content", get_attachment_content);
  r.add("GET", "/api/v1/attachments/{id}/thumbnail", get_attachment_thumbnail);
  r.add("POST", "/api/v1/attachments/{id}/withdrawal", post_attachment_withdrawal);

  r.add("POST", "/api/v1/items/{id}/notices", post_notice);
  r.add("GET", "/api/v1/items/{id}/notices", get_item_notices);
  r.add("GET", "/api/v1/notices/{id}", get_notice);
  r.add("POST", "/api/v1/notices/{id}/objections", post_objection);
  r.add("POST", "/api/v1/objections/{id}/resolve", post_objection_resolve);

  // The public notice board: no login. {id} is "12" (JSON) or "12.html" (printable A4 page).
  r.add("GET", "/public/notices", get_public_notices);
  r.add("GET", "/public/notices/{id}", get_public_notice);
  r.add("GET", "/public/notices/{id}/photos/{photo}", get_public_notice_photo);

  r.add("GET", "/api/v1/alerts", get_alerts);
  r.add("GET", "/api/v1/alerts/stream", get_alert_stream);
  r.add("POST", "/api/v1/alerts/{id}/ack", post_alert_ack);
  r.add("POST", "/api/v1/webhooks", post_webhook);
  r.add("GET", "/api/v1/webhooks", get_webhooks);
  r.add("GET", "/api/v1/webhooks/{id}/deliveries", get_webhook_deliveries);

  r.add("POST", "/api/v1/deadlines/parse", post_deadline_parse);
  r.add("POST", "/api/v1/plans/import", post_plan_import);

  r.add("GET", "/api/v1/overview", get_overview);
  r.add("GET", "/api/v1/reports/overdue", get_overdue_report);

  r.add("GET", "/api/v1/audit", get_audit);
  r.add("GET", "/api/v1/audit/head", get_audit_head);
  r.add("GET", "/api/v1/audit/verify", get_audit_verify);
}

}  // namespace taizhang::api
