// The public notice board, no login: GET /public/notices, /public/notices/{id} (JSON) and
// /public/notices/{id}.html (the printable A4 notice). Only public_notice_json's fields leave
// here; the HTML is rendered from the same JSON with every text escaped.

#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/views/notice_html.h"
#include "api/views/notice_view.h"
#include "api/problem.h"
#include "media/thumbnail.h"

namespace taizhang::api {

namespace {

// Public copies of notice photos: large enough to read the notice, never the original.
constexpr int kPublicPhotoPixels = 1600;

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

Result<NoticeQuery> parse_public_query(App& app, const Request& req) {
  NoticeQuery q;
  auto page = page_request(req, kDefaultPage, kMaxPage);
  if (!page) return std::unexpected(page.error());
  q.limit = page->fetch();
  q.after_id = page->after_id;
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
    return page_json("notices", store.notices(*q), PageRequest{q->limit - 1, q->after_id},
                     [&](const Notice& n) { return public_notice_json(store, app.orgs(), n, today); });
  });
  if (!page) return problem(page.error());
  return json_response(200, *page);
}

// {id} is "12" for JSON or "12.html" for the printable page.
Response get_public_notice(App& app, const Request& req, const PathParams& params) {
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
  // The address the reader used to reach this server is the one a phone can reach it at too.
  std::string url;
  if (auto host = req.header("host"); host && !host->empty() && host->size() <= 255 &&
                                      host->find_first_of(" /\\\"<>") == std::string::npos) {
    url = "http://" + *host + "/public/notices/" + std::to_string(*id) + ".html";
  }
  r.body = render_notice_html(*view, url);
  // The page is text and inline style only: nothing may run or load, whatever a notice says.
  r.set_header("Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'");
  return r;
}

// A notice's photo for the public: re-encoded at most 1600 pixels wide with every metadata
// block stripped, so that no GPS position leaves the office. Only photos that show the notice
// (notice_id set, not withdrawn) are served.
Response get_public_notice_photo(App& app, const Request&, const PathParams& params) {
  auto notice_id = id_param(params, "id");
  if (!notice_id) return problem(notice_id.error());
  auto photo_id = id_param(params, "photo");
  if (!photo_id) return problem(photo_id.error());
  EvidenceFiles* files = app.evidence_files();
  if (!files) return problem(ErrorCode::unavailable, "evidence is not kept here");
  auto found = app.db().read([&](StoreReader& store) -> Result<Attachment> {
    auto a = store.attachment(*photo_id);
    if (!a || a->notice_id != *notice_id || a->withdrawn() || !a->photo()) {
      return fail(ErrorCode::not_found, "no such photo of notice " + std::to_string(*notice_id));
    }
    return *a;
  });
  if (!found) return problem(found.error());
  auto bytes = files->read(found->sha256);
  if (!bytes) return problem(ErrorCode::internal, "the photo's file is missing");
  auto copy = media::make_thumbnail(*bytes, kPublicPhotoPixels);
  if (!copy) return problem(copy.error());
  Response r;
  r.content_type = "image/jpeg";
  r.body = std::move(copy->jpeg);
  r.set_header("Cache-Control", "public, max-age=86400");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace taizhang::api
