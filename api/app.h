// The application behind the HTTP server: routing, authentication and the handlers, over the
// engine. `handle` runs on the server's worker threads, never on the I/O thread: it may read
// SQLite, but it never waits for the writer (a write answers after its commit, see
// api/after_commit.h). Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "api/http.h"
#include "api/router.h"
#include "api/sign_in_throttle.h"
#include "api/single_flight.h"
#include "api/static_files.h"
#include "engine/access/session.h"
#include "engine/alerts/alert.h"
#include "engine/evidence/attachment.h"
#include "engine/base/clock.h"
#include "engine/deadline/working_day_calendar.h"
#include "engine/storage/database.h"
#include "engine/storage/evidence_files.h"
#include "engine/verify/audit_verify.h"
#include "engine/workflow/guard.h"
#include "engine/progress/item_commands.h"
#include "engine/notice/notice_commands.h"
#include "engine/access/org.h"
#include "engine/workflow/catalog.h"

namespace taizhang::api {

struct Metrics {
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> responses_2xx{0}, responses_4xx{0}, responses_5xx{0};
  std::atomic<uint64_t> connections_open{0}, connections_total{0}, connections_refused{0};
  std::atomic<uint64_t> connections_evicted{0};
  std::atomic<uint64_t> request_micros_total{0};
  std::atomic<uint64_t> writes_in_flight{0};  // answered after commit, not yet answered
};

class App {
 public:
  App(Database& db, WorkflowCatalog workflows, OrgTree orgs, GuardRegistry guards,
      WorkingDayCalendar calendar, Clock clock, NoticeRules notice_rules = {});

  // Answers `request` through `reply`, exactly once: at once for reads, after the commit for
  // writes (then from a task given to `offload`). Never throws. Every answer carries
  // X-Request-Id; a problem+json body carries the same `request_id`. A 5xx is logged to stderr
  // (one line: request id, method, path, status, what failed) and tells the client only
  // "internal error" and the request id, never an exception's or the database's text. HEAD is
  // routed as GET; the server sends the head without the body.
  void handle(Request request, Reply reply, const Offload& offload);

  Database& db() { return db_; }
  const WorkflowCatalog& workflows() const { return workflows_; }
  const OrgTree& orgs() const { return orgs_; }
  const GuardRegistry& guards() const { return guards_; }
  const Clock& clock() const { return clock_; }
  const WorkingDayCalendar& calendar() const { return calendar_; }
  ItemRules rules() const { return ItemRules{workflows_, orgs_, guards_, &calendar_}; }
  // The notice rules as set, with the calendar (periods in working days) and the workflows (the
  // rounds they declare) this app holds.
  NoticeRules notice_rules() const {
    NoticeRules rules = notice_rules_;
    rules.calendar = &calendar_;
    rules.workflows = &workflows_;
    return rules;
  }
  const SessionPolicy& session_policy() const { return session_policy_; }
  // The due-soon and escalation windows the scanner uses, so reports count as alerts do.
  const AlertPolicy& alert_policy() const { return alert_policy_; }
  void set_alert_policy(AlertPolicy policy) { alert_policy_ = policy; }
  // The hex public key of the key that signs audit checkpoints (set once before serving; empty:
  // the server signs none).
  const std::string& checkpoint_public_key() const { return checkpoint_public_key_; }
  void set_checkpoint_public_key(std::string hex) { checkpoint_public_key_ = std::move(hex); }
  SignInThrottle& sign_in_throttle() { return throttle_; }
  // The built web app served at / (set once before serving; none: / answers 404).
  void set_web_app(std::unique_ptr<StaticFiles> files) { web_ = std::move(files); }

  // Who hears of changes: the alert scanner of items (a transition may raise or resolve
  // alerts), the webhook deliverer of alerts. Set once before serving; calls never block.
  void set_listeners(std::function<void(int64_t item_id)> item_changed,
                     std::function<void()> alert_changed) {
    item_changed_ = std::move(item_changed);
    alert_changed_ = std::move(alert_changed);
  }
  void item_changed(int64_t item_id) const {
    if (item_changed_) item_changed_(item_id);
  }
  void alert_changed() const {
    if (alert_changed_) alert_changed_();
  }
  Metrics& metrics() { return metrics_; }

  // Evidence: where its files are kept and the largest file taken (`serve
  // --attachment-limit-bytes`). Set once before serving; unset, evidence routes answer 503.
  void set_evidence(std::unique_ptr<EvidenceFiles> files, int64_t limit_bytes) {
    evidence_files_ = std::move(files);
    attachment_limit_bytes_ = limit_bytes;
  }
  EvidenceFiles* evidence_files() const { return evidence_files_.get(); }
  // GET /api/v1/audit/verify runs through this: one verify at a time (api/single_flight.h).
  SingleFlight<Result<AuditVerdict>>& audit_verify_flight() { return audit_verify_flight_; }
  int64_t attachment_limit_bytes() const { return attachment_limit_bytes_; }
  // The body limit of a request with this method and target, when it is not the server's
  // default: an evidence upload may carry its file and the form around it.
  std::optional<size_t> body_limit_for(std::string_view method, std::string_view target) const;

 private:
  // The handler's answer (pending for a write), or the router's 404/405; never throws.
  Response route(const Request& request);
  // The web app's answer to a GET outside the API; nullopt when it is none of the app's.
  std::optional<Response> web_page(const Request& request) const;

  Database& db_;
  WorkflowCatalog workflows_;
  OrgTree orgs_;
  GuardRegistry guards_;
  WorkingDayCalendar calendar_;
  Clock clock_;
  NoticeRules notice_rules_;
  SessionPolicy session_policy_;
  AlertPolicy alert_policy_;
  std::string checkpoint_public_key_;
  SignInThrottle throttle_;
  std::unique_ptr<StaticFiles> web_;
  std::unique_ptr<EvidenceFiles> evidence_files_;
  int64_t attachment_limit_bytes_ = kDefaultAttachmentLimitBytes;
  SingleFlight<Result<AuditVerdict>> audit_verify_flight_;
  std::function<void(int64_t)> item_changed_;
  std::function<void()> alert_changed_;
  Router router_;
  Metrics metrics_;
};

// Registers every route on `router` (api/routes.cc): the one place to read the whole API.
void add_routes(Router& router);

}  // namespace taizhang::api
