#include "engine/audit/log.h"

#include <optional>
#include <utility>

#include "engine/audit/audit_tree.h"
#include "engine/base/assert.h"

namespace taizhang {

namespace {

// format_rfc3339(at), remembered for the last time point: a write job logs its records at one
// time (a scan's hundreds of alerts), and formatting it is a fair part of a record's cost.
const std::string& formatted(TimePoint at) {
  thread_local std::optional<std::pair<TimePoint, std::string>> last;
  if (!last || last->first != at) last.emplace(at, format_rfc3339(at));
  return last->second;
}

AuditRecord append(AuditWriter& store, TimePoint at, AuditEvent event,
                   std::optional<int64_t> org_id) {
  AuditHead head = store.audit_head();
  AuditRecord r;
  r.seq = head.seq + 1;
  r.at = formatted(at);
  r.actor = std::move(event.actor);
  r.action = std::move(event.action);
  r.entity = std::move(event.entity);
  r.entity_id = std::move(event.entity_id);
  r.before = std::move(event.before);
  r.after = std::move(event.after);
  r.prev_hash = head.hash;
  const AuditRecordText text = json_text_of(r);
  r.hash = chain_hash(r.prev_hash, r, text);
  r.org_id = org_id;
  store.append_audit(r, text);
  // The chain has no gap and no fork: the record just stored is the head, one past the old one.
  TZ_ASSERT(store.audit_head().seq == head.seq + 1);
  // The Merkle tree covers every record, this one included, in the same transaction: a tree that
  // cannot take it (rows deleted behind the log's back) is a broken log, not a refused change.
  auto added = add_to_merkle_tree(store, AuditHead{r.seq, r.hash});
  TZ_ASSERT(added.has_value());
  return r;
}

}  // namespace

AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event) {
  return append(store, at, std::move(event), std::nullopt);
}

AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event, int64_t org_id) {
  return append(store, at, std::move(event), org_id);
}

nlohmann::json undo_patch(const nlohmann::json& old_state, const nlohmann::json& new_state) {
  return nlohmann::json::diff(new_state, old_state);
}

}  // namespace taizhang
