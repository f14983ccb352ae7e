#include "api/cookies.h"

namespace taizhang::api {

std::optional<std::string> cookie(const Request& request, std::string_view name) {
  auto header = request.header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  // "a=1; tz_session=…; b=2" (RFC 6265 §4.2: pairs separated by "; ").
  while (!rest.empty()) {
    const size_t end = std::min(rest.find(';'), rest.size());
    std::string_view pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  return std::nullopt;
}

std::string session_cookie(const std::string& token, int64_t max_age_s, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" +
         std::to_string(max_age_s) + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string cleared_session_cookie(bool secure) {
  return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

}  // namespace taizhang::api
