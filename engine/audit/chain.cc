#include "engine/audit/chain.h"

#include "engine/base/digest.h"
#include "engine/base/json_text.h"

namespace taizhang {

AuditRecordText json_text_of(const AuditRecord& r) {
  return AuditRecordText{json_text(r.before), json_text(r.after)};
}

std::string canonical_text(const AuditRecord& r) { return canonical_text(r, json_text_of(r)); }

namespace {

void append_canonical_text(std::string& out, const AuditRecord& r, const AuditRecordText& text) {
  // The object written member by member in the order of its sorted keys (compared as UTF-8
  // bytes, i.e. by code point), each value as nlohmann::json dumps it: the bytes a dump of the
  // whole object gives, without copying before and after into it (tests/engine/
  // audit_chain_test.cc holds the two equal).
  out.reserve(out.size() + 128 + r.actor.size() + r.action.size() + r.entity.size() +
              r.entity_id.size() + text.before.size() + text.after.size());
  out += "{\"action\":";
  append_json_string(out, r.action);
  out += ",\"actor\":";
  append_json_string(out, r.actor);
  out += ",\"after\":";
  out += text.after;
  out += ",\"at\":";
  append_json_string(out, r.at);
  out += ",\"before\":";
  out += text.before;
  out += ",\"entity\":";
  append_json_string(out, r.entity);
  out += ",\"entity_id\":";
  append_json_string(out, r.entity_id);
  out += ",\"seq\":";
  out += std::to_string(r.seq);
  out += '}';
}

}  // namespace

std::string canonical_text(const AuditRecord& r, const AuditRecordText& text) {
  std::string out;
  append_canonical_text(out, r, text);
  return out;
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record) {
  return chain_hash(prev_hash, record, json_text_of(record));
}

std::string chain_hash(const std::string& prev_hash, const AuditRecord& record,
                       const AuditRecordText& text) {
  return hex_of(chain_digest(prev_hash, record, text));
}

Sha256Digest chain_digest(const std::string& prev_hash, const AuditRecord& record,
                          const AuditRecordText& text) {
  // The same bytes as prev_hash + "\n" + canonical_text(record, text), fed to SHA-256 in pieces:
  // the small members are written into one reused buffer, and before and after, most of the
  // record, are hashed where they are rather than copied.
  thread_local std::string small;
  small.clear();
  small += "\n{\"action\":";
  append_json_string(small, record.action);
  small += ",\"actor\":";
  append_json_string(small, record.actor);
  small += ",\"after\":";
  const size_t before_at = small.size();
  small += ",\"at\":";
  append_json_string(small, record.at);
  small += ",\"before\":";
  const size_t before_before = small.size();
  small += ",\"entity\":";
  append_json_string(small, record.entity);
  small += ",\"entity_id\":";
  append_json_string(small, record.entity_id);
  small += ",\"seq\":";
  small += std::to_string(record.seq);
  small += '}';
  const std::string_view s = small;
  const std::string_view pieces[] = {prev_hash,
                                     s.substr(0, before_at),
                                     text.after,
                                     s.substr(before_at, before_before - before_at),
                                     text.before,
                                     s.substr(before_before)};
  return sha256_digest_of_pieces(pieces);
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

void parse_stored_text(StoredAuditRecord& stored) {
  stored.record.before = json_or_text(stored.text.before);
  stored.record.after = json_or_text(stored.text.after);
}

StoredLink check_link(const AuditHead& head, StoredAuditRecord& stored) {
  const AuditRecord& record = stored.record;
  if (record.seq != head.seq + 1 || record.prev_hash != head.hash) {
    return {check_link(head, record), false};
  }
  if (chain_hash(record.prev_hash, record, stored.text) == record.hash) return {};
  parse_stored_text(stored);
  return {check_link(head, record), true};
}

}  // namespace taizhang
