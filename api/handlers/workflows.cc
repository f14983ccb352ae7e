// Workflow definitions as loaded (and, with ?version=N, as an older item still uses them).

#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"

namespace taizhang::api {

Response get_workflows(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& def : app.workflows().all_current()) {
    out.push_back({{"id", def->id},
                   {"name", def->name},
                   {"description", def->description},
                   {"version", def->version},
                   {"stages", def->stages.size()}});
  }
  return json_response(200, {{"workflows", out}});
}

Response get_workflow(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  const std::string& id = params.at("id");
  WorkflowPtr def = app.workflows().current(id);
  if (auto v = req.query_param("version")) {
    auto version = parse_int64(*v);
    if (!version) return problem(ErrorCode::invalid_field, "version must be an integer", "version");
    def = app.workflows().version(id, *version);
  }
  if (!def) return problem(ErrorCode::not_found, "no workflow " + id);
  return json_response(200, def->to_json());
}

}  // namespace taizhang::api
