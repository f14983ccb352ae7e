#include "engine/audit/chain.h"

#include "engine/base/digest.h"

namespace taizhang {

namespace {

std::string json_dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

AuditRecordText json_text_of(const AuditRecord& r) {
  return AuditRecordText{json_dump(r.before), json_dump(r.after)};
}

std::string canonical_text(const AuditRecord& r) { return canonical_text(r, json_text_of(r)); }

std::string canonical_text(const AuditRecord& r, const AuditRecordText& text) {
  // The object written member by member in the order of its sorted keys (compared as UTF-8
  // bytes, i.e. by code point), each value as nlohmann::json dumps it: the bytes a dump of the
  // whole object gives, without copying before and after into it (tests/engine/
  // audit_chain_test.cc holds the two equal).
  std::string out;
  out.reserve(128 + r.actor.size() + r.action.size() + r.entity.size() + r.entity_id.size() +
              text.before.size() + text.after.size());
  out += "{\"action\":";
  out += json_dump(r.action);
  out += ",\"actor\":";
  out += json_dump(r.actor);
  out += ",\"after\":";
  out += text.after;
  out += ",\"at\":";
  out += json_dump(r.at);
  out += ",\"before\":";
  out += text.before;
  out += ",\"entity\":";
  out += json_dump(r.entity);
  out += ",\"entity_id\":";
  out += json_dump(r.entity_id);
  out += ",\"seq\":";
  out += std::to_string(r.seq);
  out += '}';
  return out;
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record) {
  return chain_hash(prev_hash, record, json_text_of(record));
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record,
                       const AuditRecordText& text) {
  return sha256_hex(prev_hash + "\n" + canonical_text(record, text));
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
