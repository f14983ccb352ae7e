// What supervisors read: the overview of every unit (督查看板), the morning report of items
// due soon or overdue, and 支出进度 (allocated against paid out, by fund and by unit), each as of
// a date, each within the caller's scope.
#include <map>

#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/alerts/overdue_report.h"
#include "engine/ledger/ledger_store.h"

namespace taizhang::api {

namespace {

// `as_of` (YYYY-MM-DD, default the server's today): the day the counts are taken on.
Result<date::year_month_day> as_of_param(const App& app, const Request& req) {
  auto text = req.query_param("as_of");
  if (!text) return app.clock().today();
  auto day = parse_date(*text);
  if (!day) {
    return fail(ErrorCode::invalid_field, "as_of must be " + std::string(kDateRule), "as_of");
  }
  return *day;
}

struct UnitTally {
  int64_t total = 0, closed = 0, overdue = 0, due_soon = 0;
  nlohmann::json by_stage = nlohmann::json::object();  // workflow → stage → items
};

}  // namespace

// Per unit (townships and villages the caller sees, in organisation order): items, closed,
// overdue and due soon, items by workflow and stage, and the unit's 附件1 figures; and the
// overdue items by workflow. Counts come from one grouped pass over the items table.
Response get_overview(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto as_of = as_of_param(app, req);
  if (!as_of) return problem(as_of.error());
  const std::string today = format_date(*as_of);
  const std::string soon = format_date(
      date::year_month_day{date::sys_days(*as_of) + date::days{app.alert_policy().due_soon_days}});
  auto counts = app.db().read([&](StoreReader& store) -> Result<std::vector<ItemCount>> {
    return store.item_counts(today, soon);
  });
  if (!counts) return problem(counts.error());
  std::map<int64_t, UnitTally> tally;
  nlohmann::json overdue_by_workflow = nlohmann::json::object();
  for (const auto& def : app.workflows().all_current()) overdue_by_workflow[def->id] = 0;
  for (const ItemCount& c : *counts) {
    if (!who->can_see_org(c.org_id)) continue;
    UnitTally& t = tally[c.org_id];
    t.total += c.items;
    if (c.closed) t.closed += c.items;
    t.overdue += c.overdue;
    t.due_soon += c.due_soon;
    nlohmann::json& stages = t.by_stage[c.workflow];
    if (!stages.is_object()) stages = nlohmann::json::object();
    stages[c.stage] = stages.value(c.stage, int64_t{0}) + c.items;
    overdue_by_workflow[c.workflow] = overdue_by_workflow.value(c.workflow, int64_t{0}) + c.overdue;
  }
  nlohmann::json units = nlohmann::json::array();
  for (const OrgUnit& unit : app.orgs().units()) {
    if (unit.kind == "county" || !who->can_see_org(unit.id)) continue;
    const UnitTally& t = tally[unit.id];
    units.push_back({{"org_id", unit.id},
                     {"name", unit.name},
                     {"kind", unit.kind},
                     {"total", t.total},
                     {"closed", t.closed},
                     {"overdue", t.overdue},
                     {"due_soon", t.due_soon},
                     {"by_stage", t.by_stage},
                     {"figures", app.orgs().figures(unit)}});
  }
  return json_response(200, {{"as_of", today},
                             {"due_soon_days", app.alert_policy().due_soon_days},
                             {"villages", units},
                             {"overdue_by_workflow", overdue_by_workflow}});
}

// The morning report as JSON: the rows `taizhang overdue` prints, limited to the caller's units.
Response get_overdue_report(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto as_of = as_of_param(app, req);
  if (!as_of) return problem(as_of.error());
  const std::string today = format_date(*as_of);
  auto rows = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto report = overdue_report(store, app.orgs(), app.alert_policy(), today, &app.workflows());
    if (!report) return std::unexpected(report.error());
    nlohmann::json out = nlohmann::json::array();
    for (const OverdueRow& row : *report) {
      if (!who->can_see_org(row.org_id)) continue;
      nlohmann::json j = overdue_row_json(row);
      if (auto item = store.item(row.item_id)) j["workflow"] = item->workflow;
      out.push_back(std::move(j));
    }
    return out;
  });
  if (!rows) return problem(rows.error());
  return json_response(200, {{"as_of", today},
                             {"due_soon_days", app.alert_policy().due_soon_days},
                             {"escalate_after_days", app.alert_policy().escalate_after_days},
                             {"rows", *rows}});
}

// 支出进度 as of a date: per fund (source, 文号, year, amount) what was allocated and actually paid
// out by the end of that day, and per unit of the items. Funds are read by every role; a scoped
// caller sees only its own units' rows. Only disbursements count as paid out: money allocated to
// an item is not yet spent.
Response get_spending_progress(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto as_of = as_of_param(app, req);
  if (!as_of) return problem(as_of.error());
  const std::string day = format_date(*as_of);
  auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    nlohmann::json funds = nlohmann::json::array();
    for (const KeyedTotals& row : store.totals_by_fund_as_of(day)) {
      auto fund = store.fund(row.key);
      if (!fund) continue;
      funds.push_back({{"fund_id", fund->id},
                       {"name", fund->name},
                       {"source", to_string(fund->source)},
                       {"source_name", chinese_name(fund->source)},
                       {"doc_no", fund->doc_no},
                       {"year", fund->year},
                       {"amount_fen", fund->amount_fen},
                       {"allocated_fen", row.totals.allocated_fen},
                       {"disbursed_fen", row.totals.disbursed_fen}});
    }
    nlohmann::json units = nlohmann::json::array();
    for (const KeyedTotals& row : store.totals_by_org_as_of(day)) {
      if (!who->can_see_org(row.key)) continue;
      const OrgUnit* unit = app.orgs().find(row.key);
      units.push_back({{"org_id", row.key},
                       {"org", unit ? unit->name : ""},
                       {"allocated_fen", row.totals.allocated_fen},
                       {"disbursed_fen", row.totals.disbursed_fen}});
    }
    return nlohmann::json{{"as_of", day}, {"funds", funds}, {"units", units}};
  });
  if (!view) return problem(view.error());
  return json_response(200, *view);
}

}  // namespace taizhang::api
