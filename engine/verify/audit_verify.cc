#include <chrono>
#include <cstdio>
#include "engine/verify/audit_verify.h"

#include <algorithm>
#include <unordered_map>

#include "engine/base/digest.h"
#include "engine/base/json_text.h"
#include "engine/verify/access_replay.h"
#include "engine/verify/alert_replay.h"
#include "engine/verify/evidence_replay.h"
#include "engine/verify/history_replay.h"
#include "engine/verify/item_record.h"
#include "engine/verify/ledger_replay.h"
#include "engine/verify/merkle_replay.h"
#include "engine/verify/workflow_replay.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

// What differs between the stored item and its last logged snapshot, in words.
std::string describe_difference(const nlohmann::json& stored, const nlohmann::json& logged) {
  for (auto& [key, value] : stored.items()) {
    if (!logged.contains(key) || logged[key] != value) {
      return key + " is " + value.dump() + " in the database but " +
             (logged.contains(key) ? logged[key].dump() : "absent") + " in the audit log";
    }
  }
  return "the stored item differs from the audit log";
}

struct Replay {
  // The last logged state of each item: the seq of its record and the SHA-256 of the item's JSON
  // text there. Digests, not snapshots, so that memory stays small with many items.
  struct LoggedItem {
    int64_t seq = 0;
    Sha256Digest digest;
  };
  std::unordered_map<int64_t, LoggedItem> items;
  ItemRecordReader item_records;
  LedgerReplay ledger;
  EvidenceReplay evidence;
  MerkleReplay merkle;
  AccessReplay access;
  AlertReplay alerts;
  HistoryReplay history;
  WorkflowReplay workflows;
};

// An item record's `before` must describe the item's last logged state: a JSON Patch
// ("item_patch", engine/audit/log.h) that turns `after.item` into it, or, in records written
// before the patch, that state whole ("item"). Returns what is wrong, if anything.
std::optional<std::string> check_item_before(int64_t seq, int64_t id, const nlohmann::json& before,
                                             const nlohmann::json& item, const Replay& replay) {
  if (before.is_null()) return std::nullopt;  // item.create
  const std::string at = "seq " + std::to_string(seq) + ": ";
  auto last = replay.items.find(id);
  if (last == replay.items.end()) {
    return at + "item " + std::to_string(id) + " changes before any record created it";
  }
  nlohmann::json old_state;
  if (before.contains("item_patch")) {
    try {
      old_state = item.patch(before["item_patch"]);
    } catch (const nlohmann::json::exception&) {
      return at + "its item_patch does not apply to the item it logs";
    }
  } else if (before.contains("item")) {
    old_state = before["item"];
  } else {
    return at + "its before names neither the item nor a patch to it";
  }
  if (sha256_digest(json_text(old_state)) != last->second.digest) {
    return at + "the item before the change is not item " + std::to_string(id) +
           " as seq " + std::to_string(last->second.seq) + " left it";
  }
  return std::nullopt;
}

// An item record read from its text (engine/verify/item_record.h): its item's state is noted
// and its history line implied without parsing it whole; a change's `before` is applied to the
// item's text, or, for a patch of another shape, with nlohmann::json.
std::optional<std::string> apply_item_record(const StoredAuditRecord& stored,
                                             const ItemRecordFacts& facts, Replay& replay) {
  const AuditRecord& rec = stored.record;
  if (stored.text.before != "null") {
    const std::string at = "seq " + std::to_string(rec.seq) + ": ";
    if (auto old_state = replay.item_records.item_before(stored, facts)) {
      auto last = replay.items.find(facts.item_id);
      if (last == replay.items.end()) {
        return at + "item " + std::to_string(facts.item_id) + " changes before any record created it";
      }
      if (sha256_digest(*old_state) != last->second.digest) {
        return at + "the item before the change is not item " + std::to_string(facts.item_id) +
               " as seq " + std::to_string(last->second.seq) + " left it";
      }
    } else {
      const auto before = nlohmann::json::parse(stored.text.before, nullptr, false);
      const auto item = nlohmann::json::parse(facts.item_text, nullptr, false);
      if (auto problem = check_item_before(
              rec.seq, facts.item_id,
              before.is_discarded() ? nlohmann::json(stored.text.before) : before, item, replay)) {
        return problem;
      }
    }
  }
  replay.items[facts.item_id] = {rec.seq, sha256_digest(facts.item_text)};
  replay.history.apply(rec, facts.members);
  return std::nullopt;
}

// Any other record, parsed whole, through every replay.
std::optional<std::string> apply_parsed_record(const AuditRecord& rec, Replay& replay) {
  if (rec.entity == "item" && rec.after.is_object() && rec.after.contains("item")) {
    const nlohmann::json& item = rec.after["item"];
    int64_t id = item.value("id", int64_t{0});
    if (auto problem = check_item_before(rec.seq, id, rec.before, item, replay)) return problem;
    replay.items[id] = {rec.seq, sha256_digest(json_text(item))};
  }
  replay.evidence.apply(rec);
  replay.alerts.apply(rec);
  replay.history.apply(rec);
  replay.workflows.apply(rec);
  if (auto problem = replay.access.apply(rec)) return problem;
  return replay.ledger.apply(rec);
}

bool walk_chain(StoreReader& store, AuditVerdict& v, Replay& replay,
                CheckpointCheck& checkpoints) {
  int64_t after = 0;
  for (;;) {
    auto page = store.audit_text(after, kPage);
    for (auto& stored : page) {
      const AuditRecord& rec = stored.record;
      const StoredLink link = check_link(v.head, stored);
      if (link.problem) {
        v.bad_seq = rec.seq;
        v.problem = *link.problem;
        return false;
      }
      v.head = {rec.seq, rec.hash};
      ++v.records;
      if (!getenv("SKIPM")) replay.merkle.apply(rec, store);
      if (checkpoints.wants(rec.seq)) {
        checkpoints.note_root(rec.seq, hex_of(replay.merkle.root()));
      }
      std::optional<ItemRecordFacts> facts;
      if (!link.parsed) facts = replay.item_records.read(stored);
      std::optional<std::string> problem;
      if (facts) {
        problem = apply_item_record(stored, *facts, replay);
      } else {
        if (!link.parsed) parse_stored_text(stored);
        problem = apply_parsed_record(rec, replay);
      }
      if (problem) {
        v.bad_seq = rec.seq;
        v.problem = *problem;
        return false;
      }
    }
    if (static_cast<int>(page.size()) < kPage) return true;
    after = page.back().record.seq;
  }
}

bool compare_items(StoreReader& store, AuditVerdict& v, Replay& replay) {
  ItemQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = store.items(q);
    for (const auto& item : page) {
      ++v.items_checked;
      auto it = replay.items.find(item.id);
      if (it == replay.items.end()) {
        v.bad_item_id = item.id;
        v.problem = "item " + std::to_string(item.id) + " is not in the audit log";
        return false;
      }
      if (sha256_digest(snapshot_text(item)) != it->second.digest) {
        auto rec = store.audit(it->second.seq - 1, 1);
        v.bad_item_id = item.id;
        v.problem = "item " + std::to_string(item.id) + ": " +
                    describe_difference(snapshot(item), rec.empty() ? nlohmann::json::object()
                                                                    : rec[0].after["item"]);
        return false;
      }
      if (auto problem = replay.workflows.check_closed(item)) {
        v.bad_item_id = item.id;
        v.problem = *problem;
        return false;
      }
      replay.items.erase(it);
    }
    if (static_cast<int>(page.size()) < kPage) break;
    q.after_id = page.back().id;
  }
  if (!replay.items.empty()) {
    int64_t lowest = replay.items.begin()->first;
    for (const auto& [id, logged] : replay.items) lowest = std::min(lowest, id);
    v.bad_item_id = lowest;
    v.problem = "item " + std::to_string(v.bad_item_id.value()) +
                " is in the audit log but missing from the database";
    return false;
  }
  return true;
}

}  // namespace

Result<AuditVerdict> verify_audit(Database& db, const EvidenceFiles* files,
                                  const CheckpointOptions& checkpoint_options) {
  return db.read([&](StoreReader& store) -> Result<AuditVerdict> {
    AuditVerdict v;
    Replay replay;
    CheckpointCheck checkpoints(store, checkpoint_options);
    auto T0 = std::chrono::steady_clock::now();
    auto lap = [&](const char* what) { auto now = std::chrono::steady_clock::now(); fprintf(stderr, "TIMING %s %.3f\n", what, std::chrono::duration<double>(now - T0).count()); T0 = now; };
    v.intact = walk_chain(store, v, replay, checkpoints);
    lap("walk");
    if (v.intact) {
      MerkleCheckCounts counts;
      if (auto problem = replay.merkle.compare(store, counts)) {
        v.intact = false;
        v.problem = *problem;
        v.bad_merkle_subtree = replay.merkle.first_disagreeing();
      }
      v.merkle_subtrees_checked = counts.subtrees;
      v.merkle_root = hex_of(replay.merkle.root());
    }
    if (v.intact) {
      // Before the items: a log cut short with its changes would otherwise agree with them.
      CheckpointCheckCounts counts;
      if (auto problem = checkpoints.compare(v.head.seq, counts, v.bad_checkpoint_seq)) {
        v.intact = false;
        v.problem = *problem;
      }
      v.checkpoints_checked = counts.checkpoints;
      v.checkpoint_signatures_checked = counts.signatures;
    }
    // Before the items: their closed flags are read against the verified definitions.
    if (v.intact) {
      if (auto problem = replay.workflows.compare_versions(store, v.workflow_versions_checked)) {
        v.intact = false;
        v.problem = *problem;
      }
    }
    lap("merkle+cp+wf");
    if (v.intact) v.intact = compare_items(store, v, replay);
    lap("items");
    if (v.intact) {
      if (auto problem = replay.history.compare(store, v.history_lines_checked)) {
        v.intact = false;
        v.problem = *problem;
      }
    }
    lap("history");
    if (v.intact) {
      AccessCheckCounts counts;
      if (auto problem = replay.access.compare(store, counts)) {
        v.intact = false;
        v.problem = *problem;
      }
      v.users_checked = counts.users;
      v.api_tokens_checked = counts.api_tokens;
      v.sessions_checked = counts.sessions;
      v.orgs_checked = counts.orgs;
      v.webhooks_checked = counts.webhooks;
    }
    if (v.intact) {
      AlertCheckCounts counts;
      if (auto problem = replay.alerts.compare(store, counts)) {
        v.intact = false;
        v.problem = *problem;
      }
      v.alerts_checked = counts.alerts;
      v.alert_events_checked = counts.events;
    }
    if (v.intact) {
      LedgerCheckCounts counts;
      if (auto problem = replay.ledger.compare(store, counts)) {
        v.intact = false;
        v.problem = *problem;
      }
      v.funds_checked = counts.funds;
      v.ledger_entries_checked = counts.entries;
      v.notices_checked = counts.notices;
    }
    if (v.intact) {
      EvidenceCheckCounts counts;
      if (auto problem = replay.evidence.compare(store, files, counts)) {
        v.intact = false;
        v.problem = *problem;
      }
      v.attachments_checked = counts.attachments;
      v.files_checked = counts.files;
    }
    lap("rest");
    return v;
  });
}

}  // namespace taizhang
