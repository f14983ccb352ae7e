// A signed-in browser: the server-side row behind the session cookie. The cookie carries a
// random token whose SHA-256 names the row; the CSRF token goes back to the app in the sign-in
// answer and must come with every write the cookie authorises.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace taizhang {

struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string csrf_token;
  std::string remote;  // the address it was opened from, for the audit log
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t expires_ms = 0;  // absolute: created + SessionPolicy::absolute_ms
  std::optional<int64_t> revoked_ms;
};

struct SessionPolicy {
  int64_t idle_ms = 8LL * 3600 * 1000;             // idle timeout: 8 hours
  int64_t absolute_ms = 7LL * 24 * 3600 * 1000;    // absolute lifetime: 7 days
  int64_t touch_every_ms = 5LL * 60 * 1000;        // last_seen is written at most this often
};
static_assert(SessionPolicy{}.touch_every_ms < SessionPolicy{}.idle_ms,
              "a session must be touched well before it falls idle");
static_assert(SessionPolicy{}.idle_ms <= SessionPolicy{}.absolute_ms);

// Whether the session still admits requests at `now_ms`: not revoked, not idle too long, not
// past its absolute end.
inline bool session_live(const Session& s, int64_t now_ms, const SessionPolicy& policy) {
  return !s.revoked_ms && now_ms < s.expires_ms && now_ms < s.last_seen_ms + policy.idle_ms;
}

}  // namespace taizhang
