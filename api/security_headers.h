// The security headers every answer carries, the API's and the web app's alike: a
// Content-Security-Policy, X-Content-Type-Options: nosniff, no framing (frame-ancestors 'none'
// and X-Frame-Options for older browsers) and a Referrer-Policy that tells no other site where a
// user came from. App::handle adds them to every answer, in one place.
#pragma once

#include <string_view>

#include "api/http.h"

namespace taizhang::api {

// The web app's pages: scripts from this server only. Element Plus sets style attributes from
// script, hence 'unsafe-inline' for styles only.
inline constexpr std::string_view kAppPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// Everything else (JSON, CSV, problem+json, event streams): a document that loads and runs
// nothing, should a browser ever render one.
inline constexpr std::string_view kDataPolicy = "default-src 'none'; frame-ancestors 'none'";

// Adds each header `response` does not set already (a page with a stricter policy of its own,
// such as the printable notice, keeps it): the policy for its content type, nosniff,
// X-Frame-Options DENY, Referrer-Policy same-origin.
void add_security_headers(Response& response);

}  // namespace taizhang::api
