// Things of units outside the caller's scope answer exactly as absent ones do — not_found, with
// the same words — so that ids reveal nothing about other villages. The attempt itself is not
// hidden: it is recorded in the audit log as "access.denied", in the unit it was about, so that
// the township's supervisors (and that unit's) see who tried.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/access/principal.h"
#include "engine/audit/audit_store.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"

namespace taizhang {

// "no item 12": what an absent thing and a thing outside the caller's units both answer.
std::string no_such(std::string_view entity, int64_t id);

// The not_found for `entity` `id` of unit `org_id`, marked as a scope refusal (Error::
// out_of_scope) so that whoever holds a writer records it (record_refusal). For reads.
Error out_of_scope(std::string_view entity, int64_t id, int64_t org_id);

// Inside a write job: records the refusal of `attempted` ("ledger.disburse", "item.transition",
// "item.read", …) on `entity` `id` of unit `org_id` by `who`, and returns the not_found to
// answer, marked commit_anyway so that the record commits although the job fails.
Error refuse_out_of_scope(AuditWriter& store, const Principal& who, std::string_view attempted,
                          std::string_view entity, int64_t id, int64_t org_id, TimePoint now);

// Inside a write job: records a refusal `error` (from out_of_scope) of `attempted` by `who`.
// For reads, whose refusals are recorded after the fact by a job of their own.
void record_refusal(AuditWriter& store, const Principal& who, std::string_view attempted,
                    const ScopeRefusal& refusal, TimePoint now);

}  // namespace taizhang
