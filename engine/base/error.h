// Errors the engine returns. Every fallible engine call returns Result<T> = std::expected<T, Error>;
// no exception crosses a module boundary. The API maps each ErrorCode to exactly one HTTP status
// (api/problem.cc); the CLI prints the message and exits non-zero.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taizhang {

enum class ErrorCode {
  bad_json,            // the body is not one well-formed JSON document within the limits
  invalid_field,       // a field is missing, of the wrong type or out of range; `field` names it
  unauthenticated,     // no token, or one that matches no user
  bad_credentials,     // a sign-in with an unknown name or a wrong password (one answer for both)
  too_many_attempts,   // sign-ins for this name or from this address failed too often; wait
  forbidden,           // the caller's role or organisation scope does not allow this
  not_found,           // no such resource (or not visible to the caller)
  method_not_allowed,  // the path exists but not with this method
  illegal_transition,  // the action is not available from the item's current stage
  version_conflict,    // If-Match names a version that is no longer current
  payload_too_large,   // the body exceeds the configured limit
  unsupported_media_type,  // a file whose content is not of a kind kept (evidence: photos, PDF)
  guard_failed,        // a transition's `requires` is not met; `blocked_by` says which
  conflict,            // the write collides with existing data (e.g. a unique name)
  insufficient_fund,   // an allocation would take more than the fund has left
  over_allocation,     // a disbursement would pay out more than the item was allocated
  idempotency_conflict,  // an Idempotency-Key reused with a different request; `fields` says how
  several_deadlines,   // a text meant to hold one deadline holds different ones; the message names each
  unavailable,         // the server is shutting down or overloaded; retry later
  internal,            // storage failed; the change was not made
};

// One reason a transition is blocked: which guard, on which field, and why, in words.
struct Blocker {
  std::string guard;
  std::string field;   // empty when the guard is not about a field
  std::string detail;
};

// A not_found that stands for "outside the caller's units": answered exactly like an absent
// thing, so that ids reveal nothing, but the attempt is recorded in the audit log, in the unit
// it was about (engine/access/scope_refusal.h).
struct ScopeRefusal {
  std::string entity;  // "item", "notice", "objection", "alert", "ledger_entry"
  int64_t id = 0;
  int64_t org_id = 0;
};

struct Error {
  ErrorCode code;
  std::string message;
  std::string field;                // for invalid_field: the JSON path of the offending field
  std::vector<Blocker> blocked_by;  // for guard_failed
  std::vector<std::string> fields;  // every offending field, when there are several
  std::optional<ScopeRefusal> out_of_scope;  // set on a not_found that is a scope refusal
  // A write job that fails with this error still commits what it wrote: the record of a
  // refused attempt is an answer, not a failed change (engine/storage/writer.h).
  bool commit_anyway = false;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string field = {}) {
  return std::unexpected(Error{code, std::move(message), std::move(field), {}});
}

std::string_view to_string(ErrorCode code);

}  // namespace taizhang
