// Who am I, and creating users (admin).
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/access/account_commands.h"

namespace taizhang::api {

namespace {

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
          {"created_at", u.created_at}};
}

Result<NewUser> parse_new_user(const App& app, const nlohmann::json& body) {
  if (auto ok = only_fields(body, {"name", "role", "orgs"}); !ok) {
    return std::unexpected(ok.error());
  }
  NewUser n;
  auto name = string_field(body, "name", true, 200);
  if (!name) return std::unexpected(name.error());
  n.name = **name;
  auto role_text = string_field(body, "role", true, 16);
  if (!role_text) return std::unexpected(role_text.error());
  auto role = parse_role(**role_text);
  if (!role) {
    return fail(ErrorCode::invalid_field, "role must be admin, manager, finance or supervisor",
                "role");
  }
  n.role = *role;
  if (body.contains("orgs")) {
    const auto& orgs = body["orgs"];
    if (!orgs.is_array() || orgs.size() > 100) {
      return fail(ErrorCode::invalid_field, "orgs must be an array of unit names or ids", "orgs");
    }
    for (const auto& ref : orgs) {
      if (!ref.is_string() && !ref.is_number_integer()) {
        return fail(ErrorCode::invalid_field, "orgs must be unit names or ids", "orgs");
      }
      const OrgUnit* unit = app.orgs().resolve(ref.is_string() ? ref.get<std::string>()
                                                               : ref.dump());
      if (!unit) return fail(ErrorCode::invalid_field, "no unit " + ref.dump(), "orgs");
      n.org_ids.push_back(unit->id);
    }
  }
  return n;
}

}  // namespace

Response get_me(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  return json_response(200, user_json(app, who->user));
}

Response post_user(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  auto n = parse_new_user(app, *body);
  if (!n) return problem(n.error());
  auto created = app.db().writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto issued = create_user(store, who->actor(), *n, app.clock().now());
    if (!issued) return std::unexpected(issued.error());
    return nlohmann::json{{"user", user_json(app, issued->user)}, {"token", issued->token}};
  });
  if (!created) return problem(created.error());
  Response r = json_response(201, *created);
  r.set_header("Location", "/api/v1/users/" + std::to_string((*created)["user"]["id"].get<int64_t>()));
  r.set_header("Cache-Control", "no-store");  // the token is shown once
  return r;
}

}  // namespace taizhang::api
