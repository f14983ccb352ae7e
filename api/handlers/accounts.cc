// Who am I; users for administrators: create, list, reset a password, disable and enable.
#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/paging.h"
#include "api/problem.h"
#include "api/views/user_view.h"
#include "engine/access/session_commands.h"
#include "engine/access/account_commands.h"
#include "engine/access/password.h"

namespace taizhang::api {

namespace {

Result<NewUser> parse_new_user(const App& app, const nlohmann::json& body) {
  if (auto ok = only_fields(body, {"name", "role", "orgs", "password"}); !ok) {
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

constexpr int kDefaultUsersPage = 200;
constexpr int kMaxUsersPage = 500;

// POST /api/v1/users/{id}/disable and /enable: the same shape, one command each.
using UserSwitch = Result<User> (*)(AccessWriter&, int64_t, int64_t, TimePoint);

Response switch_user(App& app, const Request& req, const PathParams& params, UserSwitch command) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto id = id_param(params, "id");
  if (!id) return problem(id.error());
  if (!req.body.empty()) {
    auto body = read_object(req);
    if (!body) return problem(body.error());
    if (auto ok = only_fields(*body, {}); !ok) return problem(ok.error());
  }
  return answer_after_commit(
      app,
      [&app, command, actor_id = who->user.id, id = *id](StoreWriter& store) {
        return command(store, actor_id, id, app.clock().now());
      },
      [&app](Result<User> user) {
        if (!user) return problem(user.error());
        return json_response(200, user_json(app, *user));
      });
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
  auto password = string_field(*body, "password", false, kMaxPasswordBytes);
  if (!password) return problem(password.error());
  return answer_after_commit(
      app,
      [&app, actor = who->actor(), n = *n, password = *password](StoreWriter& store)
          -> Result<IssuedToken> {
        auto issued = create_user(store, actor, n, app.clock().now());
        if (!issued) return std::unexpected(issued.error());
        if (password) {
          // In the same job: a refused password leaves no user behind.
          auto set = set_password(store, actor, issued->user.id, *password, app.clock().now());
          if (!set) return std::unexpected(set.error());
        }
        return issued;
      },
      [&app](Result<IssuedToken> issued) {
        if (!issued) return problem(issued.error());
        Response r = json_response(
            201, {{"user", user_json(app, issued->user)}, {"token", issued->token}});
        r.set_header("Location", "/api/v1/users/" + std::to_string(issued->user.id));
        r.set_header("Cache-Control", "no-store");  // the token is shown once
        return r;
      });
}

Response get_users(App& app, const Request& req, const PathParams&) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto page = page_request(req, kDefaultUsersPage, kMaxUsersPage);
  if (!page) return problem(page.error());
  auto view = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    return page_json("users", store.users(page->after_id, page->fetch()), *page,
                     [&](const User& u) {
                       nlohmann::json j = user_json(app, u);
                       auto last = store.last_sign_in_ms(u.id);
                       j["last_sign_in_at"] =
                           last ? nlohmann::json(format_rfc3339(from_unix_ms(*last))) : nullptr;
                       return j;
                     });
  });
  if (!view) return problem(view.error());
  return json_response(200, *view);
}

Response post_user_disable(App& app, const Request& req, const PathParams& params) {
  return switch_user(app, req, params, disable_user);
}

Response post_user_enable(App& app, const Request& req, const PathParams& params) {
  return switch_user(app, req, params, enable_user);
}

Response post_user_password(App& app, const Request& req, const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return problem(ok.error());
  auto id = id_param(params, "id");
  if (!id) return problem(id.error());
  auto body = read_object(req);
  if (!body) return problem(body.error());
  if (auto ok = only_fields(*body, {"password"}); !ok) return problem(ok.error());
  auto password = string_field(*body, "password", true, kMaxPasswordBytes);
  if (!password) return problem(password.error());
  return answer_after_commit(
      app,
      [&app, actor = who->actor(), id = *id, password = **password](StoreWriter& store) {
        return set_password(store, actor, id, password, app.clock().now());
      },
      [](Result<void> set) {
        if (!set) return problem(set.error());
        Response r;
        r.status = 204;
        return r;
      });
}

}  // namespace taizhang::api
