#include "engine/audit/chain.h"

#include <array>

#include "engine/base/digest.h"
#include "engine/base/json_text.h"

namespace taizhang {

AuditRecordText json_text_of(const AuditRecord& r) {
  return AuditRecordText{json_text(r.before), json_text(r.after)};
}

std::string canonical_text(const AuditRecord& r) { return canonical_text(r, json_text_of(r)); }

namespace {

// The canonical text in five pieces: the members before `after`, after's text, the members
// between, before's text, and the rest. The object is written member by member in the order of
// its sorted keys (compared as UTF-8 bytes, i.e. by code point), each value as nlohmann::json
// dumps it: the bytes a dump of the whole object gives (tests/engine/audit_chain_test.cc holds
// the two equal). The small members are written into `small`, which the pieces point into;
// before and after are not copied.
std::array<std::string_view, 5> canonical_pieces(const AuditRecord& r, const AuditRecordText& text,
                                                 std::string& small) {
  small.clear();
  small += "{\"action\":";
  append_json_string(small, r.action);
  small += ",\"actor\":";
  append_json_string(small, r.actor);
  small += ",\"after\":";
  const size_t at_after = small.size();
  small += ",\"at\":";
  append_json_string(small, r.at);
  small += ",\"before\":";
  const size_t at_before = small.size();
  small += ",\"entity\":";
  append_json_string(small, r.entity);
  small += ",\"entity_id\":";
  append_json_string(small, r.entity_id);
  small += ",\"seq\":";
  small += std::to_string(r.seq);
  small += '}';
  const std::string_view s = small;
  return {s.substr(0, at_after), text.after, s.substr(at_after, at_before - at_after),
          text.before, s.substr(at_before)};
}

}  // namespace

std::string canonical_text(const AuditRecord& r, const AuditRecordText& text) {
  std::string small;
  const auto pieces = canonical_pieces(r, text, small);
  std::string out;
  out.reserve(small.size() + text.before.size() + text.after.size());
  for (std::string_view piece : pieces) out += piece;
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
  // SHA-256 of prev_hash + "\n" + the canonical text, fed in pieces: a record's before and
  // after, most of its bytes, are hashed where they are. One buffer per thread for the rest.
  thread_local std::string small;
  const auto canonical = canonical_pieces(record, text, small);
  const std::string_view pieces[] = {prev_hash,    "\n",         canonical[0], canonical[1],
                                     canonical[2], canonical[3], canonical[4]};
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
