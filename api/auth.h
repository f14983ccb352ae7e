// Authentication: `Authorization: Bearer <token>` (scripts, integrations) or the session cookie
// (people in the browser) → the user and their visible units. Tokens are hashed and looked up;
// neither is ever stored or logged. A write on the cookie must also pass the CSRF check: this
// site's Origin and the session's X-CSRF-Token.
#pragma once

#include <initializer_list>

#include "api/http.h"
#include "engine/base/error.h"
#include "engine/access/principal.h"
#include "engine/access/session_commands.h"

namespace taizhang::api {

class App;

// unauthenticated without credentials or with dead ones; forbidden for a cookie write that fails
// the CSRF check.
Result<Principal> authenticate(App& app, const Request& request);

// The live session behind the request's cookie; unauthenticated when there is none.
Result<SessionUser> request_session(App& app, const Request& request);

// forbidden unless the principal has one of `roles`.
Result<void> require_role(const Principal& who, std::initializer_list<Role> roles);

// The problem answering a failed read. When `error` is a scope refusal (engine/access/
// scope_refusal.h: a thing of another unit, answered 404 like an absent one), the attempt
// (`attempted`, e.g. "item.read") is recorded in the audit log by a write of its own that the
// answer does not wait for.
Response read_refused(App& app, const Principal& who, std::string_view attempted,
                      const Error& error);

}  // namespace taizhang::api
