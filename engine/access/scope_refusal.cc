#include "engine/access/scope_refusal.h"

#include "engine/audit/log.h"

namespace taizhang {

std::string no_such(std::string_view entity, int64_t id) {
  std::string words(entity);
  for (char& c : words) {
    if (c == '_') c = ' ';
  }
  return "no " + words + " " + std::to_string(id);
}

Error out_of_scope(std::string_view entity, int64_t id, int64_t org_id) {
  Error e{ErrorCode::not_found, no_such(entity, id), {}, {}, {}};
  e.out_of_scope = ScopeRefusal{std::string(entity), id, org_id};
  return e;
}

void record_refusal(AuditWriter& store, const Principal& who, std::string_view attempted,
                    const ScopeRefusal& refusal, TimePoint now) {
  append_audit(store, now,
               {who.actor(), "access.denied", refusal.entity, std::to_string(refusal.id), nullptr,
                {{"attempted", attempted}, {"reason", "outside the caller's units"}}},
               refusal.org_id);
}

Error refuse_out_of_scope(AuditWriter& store, const Principal& who, std::string_view attempted,
                          std::string_view entity, int64_t id, int64_t org_id, TimePoint now) {
  Error e = out_of_scope(entity, id, org_id);
  record_refusal(store, who, attempted, *e.out_of_scope, now);
  e.commit_anyway = true;
  return e;
}

}  // namespace taizhang
