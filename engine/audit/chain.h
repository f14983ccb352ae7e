// The audit chain: one record per change, each hashed over its predecessor's hash, so that anyone
// holding a published head (seq, hash) can prove later that nothing before it was rewritten.
//
//   hash = hex(SHA-256(prev_hash + "\n" + canonical))
//   canonical = the JSON object {seq, at, actor, action, entity, entity_id, before, after} with
//               keys sorted, no insignificant whitespace, UTF-8 unescaped (Python:
//               json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
//   the first record's prev_hash is 64 zeros.
//
// Numbers in the log are integers only (money is fen; item fields reject decimals), so every
// JSON library serialises them the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/digest.h"
#include "engine/base/error.h"

namespace taizhang {

inline const std::string kGenesisHash(64, '0');

struct AuditRecord {
  int64_t seq = 0;
  std::string at;
  std::string actor;      // "user:7", "cli", "system"
  std::string action;     // "item.create", "item.transition", "user.create", …
  std::string entity;     // "item", "user", "org", "workflow"
  std::string entity_id;
  nlohmann::json before;  // null when the entity is new
  nlohmann::json after;
  std::string prev_hash;
  std::string hash;
  // The unit the record concerns (an item's, a notice's, an alert's), or none for township
  // matters (users, funds, webhooks, sign-ins). Not hashed: it decides who may read the record
  // (a scoped supervisor reads only their units' records), it is not part of what happened.
  std::optional<int64_t> org_id;
};

struct AuditHead {
  int64_t seq = 0;  // 0 for an empty log
  std::string hash = kGenesisHash;
};

// A record's `before` and `after` as JSON text: what its canonical text holds and what the
// database stores ("null" for a null one, which is stored as NULL). Dumped once per record: they
// are most of the record's bytes.
struct AuditRecordText {
  std::string before;
  std::string after;
};
AuditRecordText json_text_of(const AuditRecord& record);

// A record as the database holds it: `record` with its before and after left null, and `text`
// their JSON text as stored ("null" for NULL). What `audit verify` reads: a record written by
// this chain hashes from its stored text as it is, so a million of them need no JSON parsed
// but what a replay reads.
struct StoredAuditRecord {
  AuditRecord record;
  AuditRecordText text;
};

std::string canonical_text(const AuditRecord& record);
// The same bytes, from the record's before and after already dumped (`text`).
std::string canonical_text(const AuditRecord& record, const AuditRecordText& text);
std::string chain_hash(const std::string& prev_hash, const AuditRecord& record);
std::string chain_hash(const std::string& prev_hash, const AuditRecord& record,
                       const AuditRecordText& text);
// The 32 bytes chain_hash writes as hex: for comparing with a stored hash already decoded.
Sha256Digest chain_digest(const std::string& prev_hash, const AuditRecord& record,
                          const AuditRecordText& text);

// The record as the API shows it (before/after as JSON, not text).
nlohmann::json to_json(const AuditRecord& record);

// Checks that `record` follows `head`: consecutive seq, prev_hash equal to head's hash, and hash
// recomputed equal. Returns a message naming what is wrong, or nothing.
std::optional<std::string> check_link(const AuditHead& head, const AuditRecord& record);

// check_link for a stored record. Its hash is first computed over the stored text; when that
// differs (text stored in another spelling of the same JSON, or altered), the text is parsed
// into stored.record's before and after (text that is not JSON becomes a JSON string, so the
// hash then fails) and the hash computed again over their dump. `parsed` says whether that was
// done; when it was not, the stored text is the chain's own dump of the record's before and after.
struct StoredLink {
  std::optional<std::string> problem;
  bool parsed = false;
};
StoredLink check_link(const AuditHead& head, StoredAuditRecord& stored);
// Fills stored.record's before and after from stored.text as check_link's second try does.
void parse_stored_text(StoredAuditRecord& stored);

}  // namespace taizhang
