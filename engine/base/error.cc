#include "engine/base/error.h"

#include <cassert>

namespace taizhang {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_json: return "bad_json";
    case ErrorCode::invalid_field: return "invalid_field";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::illegal_transition: return "illegal_transition";
    case ErrorCode::version_conflict: return "version_conflict";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::unsupported_media_type: return "unsupported_media_type";
    case ErrorCode::guard_failed: return "guard_failed";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::insufficient_fund: return "insufficient_fund";
    case ErrorCode::over_allocation: return "over_allocation";
    case ErrorCode::idempotency_conflict: return "idempotency_conflict";
    case ErrorCode::several_deadlines: return "several_deadlines";
    case ErrorCode::bad_credentials: return "bad_credentials";
    case ErrorCode::too_many_attempts: return "too_many_attempts";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::internal: return "internal";
  }
  assert(false && "unknown ErrorCode");
  return "internal";
}

}  // namespace taizhang
