// The session cookie: how it is read from a request and how it is set and cleared.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/http.h"

namespace taizhang::api {

inline constexpr std::string_view kSessionCookie = "tz_session";

// The value of the cookie `name` in the request's Cookie header; nullopt when absent.
std::optional<std::string> cookie(const Request& request, std::string_view name);

// Set-Cookie for a new session: HttpOnly (no script reads it), SameSite=Strict (no other site's
// page sends it), Path=/, Max-Age of the session's absolute lifetime, Secure when `secure`.
std::string session_cookie(const std::string& token, int64_t max_age_s, bool secure);
// Set-Cookie that removes the session cookie.
std::string cleared_session_cookie(bool secure);

}  // namespace taizhang::api
