// Reading a deadline as the plan writes it: POST /api/v1/deadlines/parse {text, ref?, anchor?}.
// The text may be a bare expression ("7月底前") or a sentence holding one ("请于7月31日前报送镇扶
// 贫站"); the answer says what was read (`matched`, in characters) and the words left (`words`).
// A text holding two different deadlines is refused with 422 naming both.
#include <algorithm>

#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/deadline/expression.h"
#include "engine/deadline/sentence_reader.h"

namespace taizhang::api {

namespace {

Result<std::optional<date::year_month_day>> date_field(const nlohmann::json& body,
                                                       const std::string& key) {
  auto text = string_field(body, key, false, 10);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<date::year_month_day>{};
  auto day = parse_date(**text);
  if (!day) return fail(ErrorCode::invalid_field, key + " must be " + std::string(kDateRule), key);
  return std::optional<date::year_month_day>{*day};
}

}  // namespace

Response post_deadline_parse(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  if (auto ok = only_fields(*body, {"text", "ref", "anchor"}); !ok) return problem(ok.error());
  auto text = string_field(*body, "text", true, kMaxDeadlineSentenceBytes);
  if (!text) return problem(text.error());
  auto ref = date_field(*body, "ref");
  if (!ref) return problem(ref.error());
  auto anchor = date_field(*body, "anchor");
  if (!anchor) return problem(anchor.error());
  const date::year_month_day ref_day = ref->value_or(app.clock().today());
  auto in_text = read_deadline_in_text(**text, ref_day, *anchor, &app.calendar());
  // A bare expression reads as it always has; the sentence reader adds where it stands.
  auto bare = parse_deadline(**text, ref_day, *anchor, &app.calendar());
  if (bare && !(in_text && in_text->deadline.normalized == bare->normalized)) {
    nlohmann::json out = to_json(*bare);
    const auto length = static_cast<std::size_t>(
        std::count_if((*text)->begin(), (*text)->end(), [](char c) { return (c & 0xC0) != 0x80; }));
    out["matched"] = {{"start", 0}, {"end", length}, {"start_byte", 0},
                      {"end_byte", (*text)->size()}, {"text", **text}};
    out["words"] = "";
    return json_response(200, out);
  }
  if (!in_text) return problem(to_error(in_text.error()));
  // A date this system could not keep (clock.h) is no deadline, however it was written.
  const Deadline& found = in_text->deadline;
  if (!date_in_range(found.due_on) || (found.start_on && !date_in_range(*found.start_on))) {
    return problem(ErrorCode::invalid_field,
                   "the deadline in \"" + **text + "\" falls outside the years " +
                       std::to_string(kFirstYear) + " to " + std::to_string(kLastYear),
                   "text");
  }
  return json_response(200, to_json(*in_text));
}

}  // namespace taizhang::api
