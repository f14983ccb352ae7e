// Recording a milestone reached: POST /api/v1/items/{id}/milestones/{number}/reached, with an
// optional body {"reached_on": "YYYY-MM-DD"} and an optional If-Match.

#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/json_io.h"
#include "api/problem.h"
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
  // item_answer tells the scanner, which resolves the milestone's alerts soon after.
  return write_on_id(
      app, req, params, [&params](const Request& r) { return parse_reached(r, params); },
      [&app](StoreWriter& store, const Principal& who, int64_t id,
             const MilestoneReached& request) {
        return reach_milestone(store, who, id, request, app.clock().now());
      },
      [&app](Result<WorkItem> reached) { return item_answer(app, 200, reached); });
}

}  // namespace taizhang::api
