// A user as the API shows them (GET /api/v1/me, the session, user creation): never a token or a
// password hash.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/access/principal.h"

namespace taizhang::api {

class App;

nlohmann::json user_json(const App& app, const User& user);

}  // namespace taizhang::api
