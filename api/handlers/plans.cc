// Importing a work plan over HTTP: POST /api/v1/plans/import {text, year, org?, commit?}
// (managers and admins). Without commit it only reads the plan and reports the tasks and any
// time expressions it could not read; with commit=true it creates the plan_task items, once.
#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/plan/plan_import.h"

namespace taizhang::api {

namespace {

struct ImportRequest {
  std::string text;
  int year = 0;
  const OrgUnit* org = nullptr;
  bool commit = false;
};

Result<ImportRequest> parse_import(const App& app, const nlohmann::json& body) {
  if (auto ok = only_fields(body, {"text", "year", "org", "commit"}); !ok) {
    return std::unexpected(ok.error());
  }
  ImportRequest r;
  // The body limit bounds the text; the reader refuses anything over 2 MiB itself.
  auto text = string_field(body, "text", true, 2 << 20);
  if (!text) return std::unexpected(text.error());
  r.text = **text;
  auto year = int_field(body, "year", true, 2000, 2100);
  if (!year) return std::unexpected(year.error());
  r.year = static_cast<int>(**year);
  if (body.contains("commit") && !body["commit"].is_boolean()) {
    return fail(ErrorCode::invalid_field, "commit must be true or false", "commit");
  }
  r.commit = body.value("commit", false);
  auto org = string_field(body, "org", r.commit, 200);
  if (!org) return std::unexpected(org.error());
  if (*org) {
    r.org = app.orgs().resolve(**org);
    if (!r.org) return fail(ErrorCode::invalid_field, "no unit named " + **org, "org");
  }
  return r;
}

}  // namespace

Response post_plan_import(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::manager, Role::admin}); !ok) return problem(ok.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  auto request = parse_import(app, *body);
  if (!request) return problem(request.error());
  auto plan = read_work_plan(request->text, request->year, &app.calendar());
  if (!plan) return problem(plan.error());
  nlohmann::json out = to_json(*plan);
  if (!request->commit) return json_response(200, out);
  return answer_after_commit(
      app,
      [&app, who = *who, plan = *plan, org_id = request->org->id](StoreWriter& store) {
        return commit_plan_tasks(store, app.rules(), who, plan, org_id, app.clock().now());
      },
      [out = std::move(out)](Result<ImportResult> committed) mutable {
        if (!committed) return problem(committed.error());
        out.update(to_json(*committed));
        return json_response(200, out);
      });
}

}  // namespace taizhang::api
