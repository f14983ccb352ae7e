// Notices (公告公示) for staff: post one for an item, list an item's, read one with its
// objections, record an objection, resolve it.

#include "api/app.h"
#include "engine/access/scope_refusal.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/views/notice_view.h"
#include "api/problem.h"
#include "engine/notice/notice_commands.h"

namespace taizhang::api {

namespace {

Result<NewNotice> parse_new_notice(const Request& req) {
  auto object = read_object(req);
  if (!object) return std::unexpected(object.error());
  const nlohmann::json& body = *object;
  for (auto& [key, value] : body.items()) {
    bool known = key == "level" || key == "phase" || key == "posted_on" ||
                 key == "period_days" || key == "period_working_days";
    for (const auto& k : notice_content_keys()) known = known || key == k.key;
    if (!known) return fail(ErrorCode::invalid_field, "unknown field '" + key + "'", key);
  }
  NewNotice n;
  auto level_text = string_field(body, "level", true, 16);
  if (!level_text) return std::unexpected(level_text.error());
  auto level = parse_notice_level(**level_text);
  if (!level) return fail(ErrorCode::invalid_field, "level must be county, township or village", "level");
  n.level = *level;
  auto phase_text = string_field(body, "phase", true, 16);
  if (!phase_text) return std::unexpected(phase_text.error());
  auto phase = parse_notice_phase(**phase_text);
  if (!phase) return fail(ErrorCode::invalid_field, "phase must be before or after", "phase");
  n.phase = *phase;
  auto posted_on = string_field(body, "posted_on", true, 10);
  if (!posted_on) return std::unexpected(posted_on.error());
  n.posted_on = **posted_on;
  auto days = int_field(body, "period_days", false, 1, kMaxNoticeDays);
  if (!days) return std::unexpected(days.error());
  if (*days) n.period_days = static_cast<int>(**days);
  auto working_days = int_field(body, "period_working_days", false, 1, kMaxNoticeDays);
  if (!working_days) return std::unexpected(working_days.error());
  if (*working_days) n.period_working_days = static_cast<int>(**working_days);
  for (const auto& k : notice_content_keys()) {
    if (body.contains(k.key)) n.contents[k.key] = body[k.key];
  }
  // Every missing content is named at once; then each text is held to the usual rules.
  if (auto ok = validate_notice_contents(n.contents); !ok) return std::unexpected(ok.error());
  for (const auto& k : notice_content_keys()) {
    if (k.integer) continue;
    auto text = string_field(body, k.key, true, kMaxNoticeTextBytes);
    if (!text) return std::unexpected(text.error());
  }
  return n;
}

Result<NewObjection> parse_objection(const Request& req) {
  auto body = read_object(req);
  if (!body) return std::unexpected(body.error());
  if (auto ok = only_fields(*body, {"content", "raised_on", "channel"}); !ok) {
    return std::unexpected(ok.error());
  }
  NewObjection o;
  auto content = string_field(*body, "content", true, kMaxObjectionBytes);
  if (!content) return std::unexpected(content.error());
  o.content = **content;
  auto raised_on = string_field(*body, "raised_on", false, 10);
  if (!raised_on) return std::unexpected(raised_on.error());
  o.raised_on = *raised_on;
  auto channel = string_field(*body, "channel", false, 200);
  if (!channel) return std::unexpected(channel.error());
  o.channel = *channel;
  return o;
}

std::string today(App& app) { return format_date(app.clock().today()); }

// Inside a read: the notice `id` as `who` may see it, refused as visible_item refuses an item.
Result<Notice> visible_notice(StoreReader& store, const Principal& who, int64_t id) {
  auto notice = store.notice(id);
  if (!notice) return fail(ErrorCode::not_found, no_such("notice", id));
  if (!who.can_see_org(notice->org_id)) {
    return std::unexpected(out_of_scope("notice", id, notice->org_id));
  }
  return std::move(*notice);
}

Response objection_answer(int status, const Result<Objection>& objection) {
  if (!objection) return problem(objection.error());
  return json_response(status, objection_json(*objection));
}

}  // namespace

Response post_notice(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params, parse_new_notice,
      [&app](StoreWriter& store, const Principal& who, int64_t id, const NewNotice& request) {
        return taizhang::post_notice(store, who, app.notice_rules(), id, request,
                                     app.clock().now());
      },
      [&app](Result<Notice> notice) {
        if (!notice) return problem(notice.error());
        auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
          return staff_notice_json(store, app.orgs(), *notice, today(app));
        });
        if (!view) return problem(view.error());
        Response r = json_response(201, *view);
        r.set_header("Location", "/api/v1/notices/" + std::to_string(notice->id));
        return r;
      });
}

Response get_item_notices(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "notice.read", visible_item,
      [&app](StoreReader& store, const Principal&, const WorkItem& item) {
        NoticeQuery q;
        q.item_id = item.id;
        q.limit = 1000;
        nlohmann::json out = {{"notices", nlohmann::json::array()}};
        for (const auto& n : store.notices(q)) {
          out["notices"].push_back(staff_notice_json(store, app.orgs(), n, today(app)));
        }
        return json_response(200, out);
      });
}

Response get_notice(App& app, const Request& req, const PathParams& params) {
  return answer_visible(
      app, req, params, "notice.read", visible_notice,
      [&app](StoreReader& store, const Principal&, const Notice& notice) {
        return json_response(200, staff_notice_json(store, app.orgs(), notice, today(app)));
      });
}

Response post_objection(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params, parse_objection,
      [&app](StoreWriter& store, const Principal& who, int64_t id, const NewObjection& request) {
        return raise_objection(store, who, id, request, app.clock().now());
      },
      [](Result<Objection> objection) { return objection_answer(201, objection); });
}

Response post_objection_resolve(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params,
      [](const Request& r) { return sole_string_field(r, "resolution", kMaxObjectionBytes); },
      [&app](StoreWriter& store, const Principal& who, int64_t id, const std::string& resolution) {
        return resolve_objection(store, who, id, resolution, app.clock().now());
      },
      [](Result<Objection> objection) { return objection_answer(200, objection); });
}

}  // namespace taizhang::api
