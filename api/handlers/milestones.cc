// Recording a milestone reached: POST /api/v1/items/{id}/milestones/{number}/reached, with an
// optional body {"reached_on": "YYYY-MM-DD"} and an optional If-Match.

#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "api/views/item_view.h"
#include "engine/progress/milestone_commands.h"

namespace taizhang::api {

namespace {

Result<MilestoneReached> parse_reached(const Request& req, const PathParams& params) {
  MilestoneReached out;
  auto number = id_param(params, "number");
  if (!number) return std::unexpected(number.error());
  if (*number > static_cast<int64_t>(kMaxMilestones)) {
    return fail(ErrorCode::not_found, "an item has at most " + std::to_string(kMaxMilestones) +
                                          " milestones");
  }
  out.number = static_cast<int>(*number);
  // No body is the common case: reached today.
  if (req.body.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = read_object(req);
    if (!body) return std::unexpected(body.error());
    if (auto ok = only_fields(*body, {"reached_on"}); !ok) return std::unexpected(ok.error());
    auto reached_on = string_field(*body, "reached_on", false, 10);
    if (!reached_on) return std::unexpected(reached_on.error());
    out.reached_on = *reached_on;
  }
  auto version = if_match_version(req);
  if (!version) return std::unexpected(version.error());
  out.if_match = *version;
  return out;
}

}  // namespace

Response post_milestone_reached(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto id = id_param(params, "id");
  if (!id) return problem(id.error());
  auto request = parse_reached(req, params);
  if (!request) return problem(request.error());
  std::string etag;
  auto reached = app.db().writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto item = reach_milestone(store, *who, *id, *request, app.clock().now());
    if (!item) return std::unexpected(item.error());
    etag = item_etag(*item);
    return item_json(app, store, *item);
  });
  if (!reached) return problem(reached.error());
  app.item_changed(*id);  // the scanner resolves the milestone's alerts soon after
  Response r = json_response(200, *reached);
  r.set_header("ETag", etag);
  return r;
}

}  // namespace taizhang::api
