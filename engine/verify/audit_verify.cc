#include "engine/verify/audit_verify.h"

#include <map>

#include "engine/base/digest.h"
#include "engine/verify/access_replay.h"
#include "engine/verify/alert_replay.h"
#include "engine/verify/evidence_replay.h"
#include "engine/verify/history_replay.h"
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
  // item id → (seq of its last record, SHA-256 of its last snapshot). Hashes, not snapshots, so
  // that memory stays small with many items.
  std::map<int64_t, std::pair<int64_t, std::string>> items;
  LedgerReplay ledger;
  EvidenceReplay evidence;
  MerkleReplay merkle;
  AccessReplay access;
  AlertReplay alerts;
  HistoryReplay history;
  WorkflowReplay workflows;
};

// An item record's `before` must describe the item's last logged state: a JSON Patch
// ("item_patch", engine/audit/log.h) that turns `after` into it, or, in records written before
// the patch, that state whole ("item"). Returns what is wrong, if anything.
std::optional<std::string> check_item_before(const AuditRecord& rec, int64_t id,
                                             const Replay& replay) {
  if (rec.before.is_null()) return std::nullopt;  // item.create
  const std::string at = "seq " + std::to_string(rec.seq) + ": ";
  auto last = replay.items.find(id);
  if (last == replay.items.end()) {
    return at + "item " + std::to_string(id) + " changes before any record created it";
  }
  nlohmann::json old_state;
  if (rec.before.contains("item_patch")) {
    try {
      old_state = rec.after["item"].patch(rec.before["item_patch"]);
    } catch (const nlohmann::json::exception&) {
      return at + "its item_patch does not apply to the item it logs";
    }
  } else if (rec.before.contains("item")) {
    old_state = rec.before["item"];
  } else {
    return at + "its before names neither the item nor a patch to it";
  }
  if (sha256_hex(old_state.dump()) != last->second.second) {
    return at + "the item before the change is not item " + std::to_string(id) +
           " as seq " + std::to_string(last->second.first) + " left it";
  }
  return std::nullopt;
}

bool walk_chain(StoreReader& store, AuditVerdict& v, Replay& replay,
                CheckpointCheck& checkpoints) {
  int64_t after = 0;
  for (;;) {
    auto page = store.audit(after, kPage);
    for (const auto& rec : page) {
      if (auto problem = check_link(v.head, rec)) {
        v.bad_seq = rec.seq;
        v.problem = *problem;
        return false;
      }
      v.head = {rec.seq, rec.hash};
      ++v.records;
      replay.merkle.apply(rec, store);
      if (checkpoints.wants(rec.seq)) {
        checkpoints.note_root(rec.seq, hex_of(replay.merkle.root()));
      }
      if (rec.entity == "item" && rec.after.is_object() && rec.after.contains("item")) {
        int64_t id = rec.after["item"].value("id", int64_t{0});
        if (auto problem = check_item_before(rec, id, replay)) {
          v.bad_seq = rec.seq;
          v.problem = *problem;
          return false;
        }
        replay.items[id] = {rec.seq, sha256_hex(rec.after["item"].dump())};
      }
      replay.evidence.apply(rec);
      replay.alerts.apply(rec);
      replay.history.apply(rec);
      replay.workflows.apply(rec);
      if (auto problem = replay.access.apply(rec)) {
        v.bad_seq = rec.seq;
        v.problem = *problem;
        return false;
      }
      if (auto problem = replay.ledger.apply(rec)) {
        v.bad_seq = rec.seq;
        v.problem = *problem;
        return false;
      }
    }
    if (static_cast<int>(page.size()) < kPage) return true;
    after = page.back().seq;
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
      nlohmann::json stored = snapshot(item);
      if (it == replay.items.end()) {
        v.bad_item_id = item.id;
        v.problem = "item " + std::to_string(item.id) + " is not in the audit log";
        return false;
      }
      if (sha256_hex(stored.dump()) != it->second.second) {
        auto rec = store.audit(it->second.first - 1, 1);
        v.bad_item_id = item.id;
        v.problem = "item " + std::to_string(item.id) + ": " +
                    describe_difference(stored, rec.empty() ? nlohmann::json::object()
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
    v.bad_item_id = replay.items.begin()->first;
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
    v.intact = walk_chain(store, v, replay, checkpoints);
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
    if (v.intact) v.intact = compare_items(store, v, replay);
    if (v.intact) {
      if (auto problem = replay.history.compare(store, v.history_lines_checked)) {
        v.intact = false;
        v.problem = *problem;
      }
    }
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
    return v;
  });
}

}  // namespace taizhang
