// Alerts: the inbox (GET /api/v1/alerts), acknowledging (POST /api/v1/alerts/{id}/ack) and the
// live stream (GET /api/v1/alerts/stream, Server-Sent Events, resumable with Last-Event-ID).
// Everyone sees the alerts of the units in their scope.

#include <mutex>

#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/problem.h"
#include "engine/alerts/alert_commands.h"

namespace taizhang::api {

namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;
constexpr int kStreamBatch = 200;  // events per poll of one stream

std::string org_name(App& app, int64_t org_id) {
  const OrgUnit* unit = app.orgs().find(org_id);
  return unit ? unit->name : "";
}

nlohmann::json view(App& app, StoreReader& store, const Alert& alert) {
  auto item = store.item(alert.item_id);
  return alert_json(alert, item ? item->title : "", org_name(app, alert.org_id),
                    format_date(app.clock().today()));
}

// The caller's units, narrowed to `org` (and the units below it) when asked.
Result<std::optional<std::set<int64_t>>> scope(App& app, const Request& req,
                                               const Principal& who) {
  std::optional<std::set<int64_t>> orgs = who.visible_orgs;
  if (auto ref = req.query_param("org")) {
    const OrgUnit* org = app.orgs().resolve(*ref);
    if (!org) return fail(ErrorCode::invalid_field, "no unit named " + *ref, "org");
    std::set<int64_t> wanted = app.orgs().subtree(org->id);
    if (orgs) std::erase_if(wanted, [&](int64_t id) { return !orgs->contains(id); });
    orgs = std::move(wanted);
  }
  return orgs;
}

Result<AlertQuery> parse_alert_query(App& app, const Request& req, const Principal& who) {
  AlertQuery q;
  auto page = page_request(req, kDefaultPage, kMaxPage);
  if (!page) return std::unexpected(page.error());
  q.limit = page->fetch();
  q.after_id = page->after_id;
  const std::string state = req.query_param("state").value_or("open");
  if (state != "all") {
    q.state = parse_alert_state(state);
    if (!q.state) {
      return fail(ErrorCode::invalid_field, "state must be open, acked, resolved or all", "state");
    }
  }
  if (auto level = req.query_param("level")) {
    q.level = parse_alert_level(*level);
    if (!q.level) {
      return fail(ErrorCode::invalid_field, "level must be due_soon, overdue or escalated",
                  "level");
    }
  }
  if (auto mine = req.query_param("mine")) {
    if (*mine == "true") {
      q.recipient = who.user.id;
    } else if (*mine != "false") {
      return fail(ErrorCode::invalid_field, "mine must be true or false", "mine");
    }
  }
  auto orgs = scope(app, req, who);
  if (!orgs) return std::unexpected(orgs.error());
  q.org_ids = std::move(*orgs);
  return q;
}

// One client's stream: the events after the last one it has seen, of the units it may see.
class AlertEventStream final : public EventStream {
 public:
  AlertEventStream(App& app, std::optional<std::set<int64_t>> orgs, int64_t after)
      : app_(app), orgs_(std::move(orgs)), after_(after) {}

  std::optional<std::string> poll() override {
    std::lock_guard lock(mu_);
    auto events = app_.db().read([&](StoreReader& store) -> Result<std::vector<AlertEvent>> {
      return store.alert_events(after_, orgs_, kStreamBatch);
    });
    if (!events) return std::string();  // try again at the next poll
    std::string text;
    for (const auto& e : *events) {
      nlohmann::json data = {{"event", e.event}, {"alert", e.alert}};
      text += "id: " + std::to_string(e.id) + "\ndata: " +
              data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
      after_ = e.id;
    }
    return text;
  }

 private:
  App& app_;
  std::optional<std::set<int64_t>> orgs_;
  std::mutex mu_;
  int64_t after_;
};

}  // namespace

Response get_alerts(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto q = parse_alert_query(app, req, *who);
  if (!q) return problem(q.error());
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    return page_json("alerts", store.alerts(*q), PageRequest{q->limit - 1, q->after_id},
                     [&](const Alert& a) { return view(app, store, a); });
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

Response post_alert_ack(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  return answer_after_commit(
      app,
      [&app, who = on->who, id = on->id](StoreWriter& store) {
        return ack_alert(store, app.orgs(), who, id, app.clock().now());
      },
      [&app](Result<Alert> alert) {
        if (!alert) return problem(alert.error());
        app.alert_changed();
        auto shown = app.db().read(
            [&](StoreReader& store) -> Result<nlohmann::json> { return view(app, store, *alert); });
        if (!shown) return problem(shown.error());
        return json_response(200, *shown);
      });
}

Response get_alert_stream(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto orgs = scope(app, req, *who);
  if (!orgs) return problem(orgs.error());
  // Resume after the last event the client saw; a new client starts with what happens next.
  int64_t after = 0;
  if (auto last = req.header("last-event-id")) {
    auto id = parse_int64(*last);
    if (!id || *id < 0) {
      return problem(ErrorCode::invalid_field, "Last-Event-ID must be an event id",
                     "Last-Event-ID");
    }
    after = *id;
  } else {
    auto latest = app.db().read(
        [](StoreReader& store) -> Result<int64_t> { return store.last_alert_event_id(); });
    if (!latest) return problem(latest.error());
    after = *latest;
  }
  Response r;
  r.stream = std::make_shared<AlertEventStream>(app, std::move(*orgs), after);
  return r;
}

}  // namespace taizhang::api
