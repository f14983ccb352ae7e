// The organisation tree with the village figures of 附件1.
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"

namespace taizhang::api {

Response get_orgs(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  return json_response(200, {{"orgs", app.orgs().to_json()}});
}

}  // namespace taizhang::api
