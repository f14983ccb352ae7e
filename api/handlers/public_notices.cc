// The public notice board, no login: GET /public/notices, /public/notices/{id} (JSON) and
// /public/notices/{id}.html (the printable A4 notice). Only public_notice_json's fields leave
// here; the HTML is rendered from the same JSON with every text escaped.

#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/notice_html.h"
#include "api/notice_view.h"
#include "api/problem.h"

namespace taizhang::api {

namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

Result<NoticeQuery> parse_public_query(App& app, const Request& req) {
  NoticeQuery q;
  auto limit = limit_param(req, kDefaultPage, kMaxPage);
  if (!limit) return std::unexpected(limit.error());
  q.limit = *limit + 1;  // one more tells whether there is a next page
  if (auto c = req.query_param("cursor")) {
    auto after = decode_cursor(*c);
    if (!after) return std::unexpected(after.error());
    q.after_id = *after;
  }
  if (auto ref = req.query_param("org")) {
    const OrgUnit* org = app.orgs().resolve(*ref);
    if (!org) return fail(ErrorCode::invalid_field, "no unit named " + *ref, "org");
    q.org_ids = app.orgs().subtree(org->id);
  }
  const std::string state = req.query_param("state").value_or("active");
  if (state == "active") {
    q.on_board = format_date(app.clock().today());
  } else if (state != "all") {
    return fail(ErrorCode::invalid_field, "state must be active or all", "state");
  }
  return q;
}

}  // namespace

Response get_public_notices(App& app, const Request& req, const PathParams&) {
  auto q = parse_public_query(app, req);
  if (!q) return problem(q.error());
  const std::string today = format_date(app.clock().today());
  auto page = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto notices = store.notices(*q);
    nlohmann::json out = {{"notices", nlohmann::json::array()}, {"next_cursor", nullptr}};
    const size_t page_size = static_cast<size_t>(q->limit - 1);
    for (size_t i = 0; i < notices.size() && i < page_size; ++i) {
      out["notices"].push_back(public_notice_json(store, app.orgs(), notices[i], today));
    }
    if (notices.size() > page_size) out["next_cursor"] = encode_cursor(notices[page_size - 1].id);
    return out;
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

// {id} is "12" for JSON or "12.html" for the printable page.
Response get_public_notice(App& app, const Request& req, const PathParams& params) {
  (void)req;
  std::string ref = params.at("id");
  const bool html = ref.ends_with(".html");
  if (html) ref.resize(ref.size() - 5);
  auto id = id_param(PathParams{{"id", ref}}, "id");
  if (!id) return problem(id.error());
  const std::string today = format_date(app.clock().today());
  auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    auto notice = store.notice(*id);
    if (!notice) return fail(ErrorCode::not_found, "no notice " + std::to_string(*id));
    return public_notice_json(store, app.orgs(), *notice, today);
  });
  if (!view) return problem(view.error());
  if (!html) return json_response(200, *view);
  Response r;
  r.status = 200;
  r.content_type = "text/html; charset=utf-8";
  r.body = render_notice_html(*view);
  // The page is text and inline style only: nothing may run or load, whatever a notice says.
  r.set_header("Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace taizhang::api
