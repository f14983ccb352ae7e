// Reading a deadline as the plan writes it: POST /api/v1/deadlines/parse {text, ref?, anchor?}.
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/deadline/expression.h"

namespace taizhang::api {

namespace {

Result<std::optional<date::year_month_day>> date_field(const nlohmann::json& body,
                                                       const std::string& key) {
  auto text = string_field(body, key, false, 10);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<date::year_month_day>{};
  auto day = parse_date(**text);
  if (!day) return fail(ErrorCode::invalid_field, key + " must be a date YYYY-MM-DD", key);
  return std::optional<date::year_month_day>{*day};
}

}  // namespace

Response post_deadline_parse(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  if (auto ok = only_fields(*body, {"text", "ref", "anchor"}); !ok) return problem(ok.error());
  auto text = string_field(*body, "text", true, kMaxDeadlineTextBytes);
  if (!text) return problem(text.error());
  auto ref = date_field(*body, "ref");
  if (!ref) return problem(ref.error());
  auto anchor = date_field(*body, "anchor");
  if (!anchor) return problem(anchor.error());
  auto parsed = parse_deadline(**text, ref->value_or(app.clock().today()), *anchor,
                               &app.calendar());
  if (!parsed) return problem(parsed.error());
  return json_response(200, to_json(*parsed));
}

}  // namespace taizhang::api
