// Moving an item: POST /api/v1/items/{id}/transitions with an optional If-Match.

#include "api/app.h"
#include "api/handlers/handlers.h"
#include "api/handlers/id_request.h"
#include "api/views/item_view.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/deadline/expression.h"

namespace taizhang::api {

Result<std::optional<int64_t>> if_match_version(const Request& req) {
  auto header = req.header("if-match");
  if (!header || *header == "*") return std::optional<int64_t>{};
  std::string_view v = *header;
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto version = parse_int64(v);
  if (!version || *version < 1) {
    return fail(ErrorCode::invalid_field, "If-Match must be an item version such as \"3\"",
                "If-Match");
  }
  return version;
}

namespace {

Result<TransitionRequest> parse_transition(const Request& req) {
  auto body = read_object(req);
  if (!body) return std::unexpected(body.error());
  if (auto ok = only_fields(*body, {"action", "comment", "fields", "deadline"}); !ok) {
    return std::unexpected(ok.error());
  }
  TransitionRequest t;
  auto action = string_field(*body, "action", true, 64);
  if (!action) return std::unexpected(action.error());
  t.action = **action;
  auto comment = string_field(*body, "comment", false, kMaxCommentBytes);
  if (!comment) return std::unexpected(comment.error());
  t.comment = *comment;
  if (body->contains("fields")) t.fields = (*body)["fields"];
  auto deadline = string_field(*body, "deadline", false, kMaxDeadlineTextBytes);
  if (!deadline) return std::unexpected(deadline.error());
  t.deadline = *deadline;
  auto version = if_match_version(req);
  if (!version) return std::unexpected(version.error());
  t.if_match = *version;
  return t;
}

}  // namespace

Response post_transition(App& app, const Request& req, const PathParams& params) {
  return write_on_id(
      app, req, params, parse_transition,
      [&app](StoreWriter& store, const Principal& who, int64_t id,
             const TransitionRequest& request) {
        return transition_item(store, app.rules(), who, id, request, app.clock().now());
      },
      [&app](Result<WorkItem> moved) { return item_answer(app, 200, moved); });
}

}  // namespace taizhang::api
