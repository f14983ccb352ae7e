// Funds: POST /api/v1/funds (finance, admin), GET /api/v1/funds, GET /api/v1/funds/{id}.

#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/views/ledger_view.h"
#include "api/problem.h"
#include "engine/ledger/ledger_commands.h"
#include "engine/access/permission.h"

namespace taizhang::api {

namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

Result<NewFund> parse_new_fund(const nlohmann::json& body) {
  if (auto ok = only_fields(body, {"name", "source", "doc_no", "year", "amount_fen", "amount_yuan"}); !ok) {
    return std::unexpected(ok.error());
  }
  NewFund f;
  auto name = string_field(body, "name", true, kMaxLedgerTextBytes);
  if (!name) return std::unexpected(name.error());
  f.name = **name;
  auto source_text = string_field(body, "source", true, 64);
  if (!source_text) return std::unexpected(source_text.error());
  auto source = parse_fund_source(**source_text);
  if (!source) {
    return fail(ErrorCode::invalid_field,
                "source must be central, region, city, county, guangdong_cooperation, "
                "integrated or social",
                "source");
  }
  f.source = *source;
  auto doc_no = string_field(body, "doc_no", true, kMaxLedgerTextBytes);
  if (!doc_no) return std::unexpected(doc_no.error());
  f.doc_no = **doc_no;
  auto year = int_field(body, "year", true, 2000, 2100);
  if (!year) return std::unexpected(year.error());
  f.year = static_cast<int>(**year);
  auto amount = amount_field(body, true);
  if (!amount) return std::unexpected(amount.error());
  f.amount_fen = **amount;
  return f;
}

Result<FundQuery> parse_fund_query(const Request& req) {
  FundQuery q;
  auto page = page_request(req, kDefaultPage, kMaxPage);
  if (!page) return std::unexpected(page.error());
  q.limit = page->fetch();
  q.after_id = page->after_id;
  if (auto y = req.query_param("year")) {
    auto year = parse_int64(*y);
    if (!year || *year < 2000 || *year > 2100) {
      return fail(ErrorCode::invalid_field, "year must be between 2000 and 2100", "year");
    }
    q.year = static_cast<int>(*year);
  }
  if (auto s = req.query_param("source")) {
    q.source = parse_fund_source(*s);
    if (!q.source) return fail(ErrorCode::invalid_field, "no fund source " + *s, "source");
  }
  return q;
}

}  // namespace

Response post_fund(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require(*who, Permission::write_ledger); !ok) return problem(ok.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  auto request = parse_new_fund(*body);
  if (!request) return problem(request.error());
  return answer_after_commit(
      app,
      [&app, who = *who, request = *request](StoreWriter& store) {
        return create_fund(store, who, request, app.clock().now());
      },
      [](Result<Fund> fund) {
        if (!fund) return problem(fund.error());
        Response r = json_response(201, fund_json(*fund, FundTotals{}));
        r.set_header("Location", "/api/v1/funds/" + std::to_string(fund->id));
        return r;
      });
}

Response get_funds(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto q = parse_fund_query(req);
  if (!q) return problem(q.error());
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    return page_json("funds", store.funds(*q), PageRequest{q->limit - 1, q->after_id},
                     [&](const Fund& f) { return fund_json(f, store.fund_totals(f.id)); });
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

// A fund's allocations by item: per item the fund's money allocated to it and paid out of it.
// Items outside the caller's units are summed into `other_units`, never named.
Response get_fund_allocations(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  const auto& [who, id] = *on;
  auto page = page_request(req, kMaxPage, kMaxPage);
  if (!page) return problem(page.error());
  auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    if (!store.fund(id)) return fail(ErrorCode::not_found, "no fund " + std::to_string(id));
    auto rows = store.fund_item_totals(id, page->after_id, page->fetch());
    nlohmann::json items = nlohmann::json::array();
    LedgerTotals hidden;
    const size_t size = static_cast<size_t>(page->size);
    for (size_t i = 0; i < rows.size() && i < size; ++i) {
      auto item = store.item(rows[i].key);
      if (!item || !who.can_see_org(item->org_id)) {
        hidden.allocated_fen += rows[i].totals.allocated_fen;
        hidden.disbursed_fen += rows[i].totals.disbursed_fen;
        continue;
      }
      const OrgUnit* unit = app.orgs().find(item->org_id);
      items.push_back({{"item_id", item->id},
                       {"title", item->title},
                       {"workflow", item->workflow},
                       {"org", unit ? unit->name : ""},
                       {"allocated_fen", rows[i].totals.allocated_fen},
                       {"disbursed_fen", rows[i].totals.disbursed_fen}});
    }
    nlohmann::json out = {{"fund_id", id},
                          {"items", items},
                          {"other_units",
                           {{"allocated_fen", hidden.allocated_fen},
                            {"disbursed_fen", hidden.disbursed_fen}}},
                          {"next_cursor", nullptr}};
    if (rows.size() > size) out["next_cursor"] = encode_cursor(rows[size - 1].key);
    return out;
  });
  if (!view) return problem(view.error());
  return json_response(200, *view);
}

Response get_fund(App& app, const Request& req, const PathParams& params) {
  auto on = id_request(app, req, params);
  if (!on) return problem(on.error());
  auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto fund = store.fund(on->id);
    if (!fund) return fail(ErrorCode::not_found, "no fund " + std::to_string(on->id));
    return fund_json(*fund, store.fund_totals(fund->id));
  });
  if (!view) return problem(view.error());
  return json_response(200, *view);
}

}  // namespace taizhang::api
