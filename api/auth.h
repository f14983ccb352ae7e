// Authentication: `Authorization: Bearer <token>` → the user and their visible units. The token
// is hashed and looked up; the token itself is never stored or logged.
#pragma once

#include <initializer_list>

#include "api/http.h"
#include "engine/base/error.h"
#include "engine/access/principal.h"

namespace taizhang::api {

class App;

Result<Principal> authenticate(App& app, const Request& request);

// forbidden unless the principal has one of `roles`.
Result<void> require_role(const Principal& who, std::initializer_list<Role> roles);

}  // namespace taizhang::api
