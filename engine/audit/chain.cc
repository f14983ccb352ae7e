#include "engine/audit/chain.h"

#include "engine/base/digest.h"

namespace taizhang {

std::string canonical_text(const AuditRecord& r) {
  // nlohmann::json keeps object keys in a std::map, i.e. sorted by their UTF-8 bytes, which is
  // the same order as sorting by code point.
  nlohmann::json j = {{"seq", r.seq},       {"at", r.at},         {"actor", r.actor},
                      {"action", r.action}, {"entity", r.entity}, {"entity_id", r.entity_id},
                      {"before", r.before}, {"after", r.after}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record) {
  return sha256_hex(prev_hash + "\n" + canonical_text(record));
}

nlohmann::json to_json(const AuditRecord& r) {
  return {{"seq", r.seq},         {"at", r.at},         {"actor", r.actor},
          {"action", r.action},   {"entity", r.entity}, {"entity_id", r.entity_id},
          {"before", r.before},   {"after", r.after},   {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

std::optional<std::string> check_link(const AuditHead& head, const AuditRecord& record) {
  const std::string at = "seq " + std::to_string(record.seq) + ": ";
  if (record.seq != head.seq + 1) {
    return at + "expected seq " + std::to_string(head.seq + 1) + " (a record is missing)";
  }
  if (record.prev_hash != head.hash) return at + "prev_hash does not match the previous record";
  if (chain_hash(record.prev_hash, record) != record.hash) {
    return at + "hash does not match the record's contents (the record was altered)";
  }
  return std::nullopt;
}

}  // namespace taizhang
