#include "api/views/user_view.h"

#include "api/app.h"

namespace taizhang::api {

nlohmann::json user_json(const App& app, const User& u) {
  nlohmann::json orgs = nlohmann::json::array();
  for (int64_t id : u.org_ids) {
    const OrgUnit* unit = app.orgs().find(id);
    orgs.push_back({{"id", id}, {"name", unit ? unit->name : ""}});
  }
  return {{"id", u.id},
          {"name", u.name},
          {"role", to_string(u.role)},
          {"orgs", orgs},
          {"scope", u.org_ids.empty() ? "township-wide" : "units"},
          {"created_at", u.created_at},
          {"disabled_at", u.disabled_at ? nlohmann::json(*u.disabled_at) : nlohmann::json(nullptr)}};
}

}  // namespace taizhang::api
