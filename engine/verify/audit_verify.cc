#include "engine/verify/audit_verify.h"

#include <algorithm>
#include <future>
#include <thread>
#include <unordered_map>

#include "engine/audit/audit_tree.h"
#include "engine/base/assert.h"
#include "engine/base/digest.h"
#include "engine/base/json_text.h"
#include "engine/verify/access_replay.h"
#include "engine/verify/alert_replay.h"
#include "engine/verify/evidence_replay.h"
#include "engine/verify/history_replay.h"
#include "engine/verify/item_record.h"
#include "engine/verify/ledger_replay.h"
#include "engine/verify/merkle_replay.h"
#include "engine/verify/prepared_record.h"
#include "engine/verify/stored_items.h"
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
  explicit Replay(StoreReader& store) : history(store) {}

  // The last logged state of each item: the seq of its record and the fingerprint of the item's
  // JSON text there. Fingerprints, not snapshots, so that memory stays small with many items.
  struct LoggedItem {
    int64_t seq = 0;
    ItemFingerprint fingerprint;
  };
  const ItemFingerprinter fingerprint;
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

// The item before a change, as its record gives it (`old_state`, the fingerprint of its JSON
// text), must be the item's last logged state. Returns what is wrong, if anything.
std::optional<std::string> check_old_state(int64_t seq, int64_t id,
                                           const ItemFingerprint& old_state, const Replay& replay) {
  const std::string at = "seq " + std::to_string(seq) + ": ";
  auto last = replay.items.find(id);
  if (last == replay.items.end()) {
    return at + "item " + std::to_string(id) + " changes before any record created it";
  }
  if (old_state != last->second.fingerprint) {
    return at + "the item before the change is not item " + std::to_string(id) + " as seq " +
           std::to_string(last->second.seq) + " left it";
  }
  return std::nullopt;
}

// An item record's `before` must describe the item's last logged state: a JSON Patch
// ("item_patch", engine/audit/log.h) that turns `after.item` into it, or, in records written
// before the patch, that state whole ("item"). Returns what is wrong, if anything.
std::optional<std::string> check_item_before(int64_t seq, int64_t id, const nlohmann::json& before,
                                             const nlohmann::json& item, const Replay& replay) {
  if (before.is_null()) return std::nullopt;  // item.create
  const std::string at = "seq " + std::to_string(seq) + ": ";
  if (!replay.items.contains(id)) {
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
  return check_old_state(seq, id, replay.fingerprint(json_text(old_state)), replay);
}

// An item record read from its text, with what prepare_record found: its item's state is noted
// and its history line kept without parsing it whole. A `before` that could not be applied to
// the item's text is applied with nlohmann::json.
std::optional<std::string> apply_item_record(const StoredAuditRecord& stored,
                                             const PreparedRecord& p, Replay& replay) {
  const AuditRecord& rec = stored.record;
  if (p.before == PreparedRecord::Before::fingerprint) {
    if (auto problem = check_old_state(rec.seq, p.item_id, p.before_fingerprint, replay)) {
      return problem;
    }
  } else if (p.before == PreparedRecord::Before::parse) {
    auto facts = replay.item_records.read(stored);
    TZ_ASSERT(facts.has_value());  // prepare_record read the same text
    const auto before = nlohmann::json::parse(stored.text.before, nullptr, false);
    const auto item = nlohmann::json::parse(facts->item_text, nullptr, false);
    if (auto problem = check_item_before(
            rec.seq, p.item_id, before.is_discarded() ? nlohmann::json(stored.text.before) : before,
            item, replay)) {
      return problem;
    }
  }
  replay.items[p.item_id] = {rec.seq, p.item_fingerprint};
  if (p.has_history_line) replay.history.expect(rec.seq, p.history_line);
  return std::nullopt;
}

// Any other record, parsed whole, through every replay.
std::optional<std::string> apply_parsed_record(const AuditRecord& rec, Replay& replay) {
  if (rec.entity == "item" && rec.after.is_object() && rec.after.contains("item")) {
    const nlohmann::json& item = rec.after["item"];
    int64_t id = item.value("id", int64_t{0});
    if (auto problem = check_item_before(rec.seq, id, rec.before, item, replay)) return problem;
    replay.items[id] = {rec.seq, replay.fingerprint(json_text(item))};
  }
  replay.evidence.apply(rec);
  replay.alerts.apply(rec);
  replay.history.apply(rec);
  replay.workflows.apply(rec);
  if (auto problem = replay.access.apply(rec)) return problem;
  return replay.ledger.apply(rec);
}

// The records are read a page at a time and each page prepared (prepared_record.h) on a second
// thread while this one reads the next page and applies the one before, in seq order: the
// walk's work that depends on one record alone runs beside the work that must run in order.
bool walk_chain(StoreReader& store, AuditVerdict& v, Replay& replay,
                CheckpointCheck& checkpoints) {
  std::vector<StoredAuditRecord> pages[2];
  std::vector<PreparedRecord> prepared[2];
  ItemRecordReader preparing_reader;
  auto prepare = [&](int k) {
    return std::async(std::launch::async, [&, k] {
      prepared[k].resize(pages[k].size());
      for (size_t i = 0; i < pages[k].size(); ++i) {
        prepare_record(pages[k][i], replay.fingerprint, preparing_reader, prepared[k][i]);
      }
    });
  };
  int k = 0;
  store.audit_text(0, kPage, pages[k]);
  std::future<void> preparing = prepare(k);
  for (;;) {
    if (static_cast<int>(pages[k].size()) < kPage) pages[1 - k].clear();
    else store.audit_text(pages[k].back().record.seq, kPage, pages[1 - k]);
    const bool last = pages[1 - k].empty();
    preparing.get();
    if (!last) preparing = prepare(1 - k);
    // On a return below, `preparing`'s destructor waits for the page being prepared.
    for (size_t i = 0; i < pages[k].size(); ++i) {
      StoredAuditRecord& stored = pages[k][i];
      PreparedRecord& p = prepared[k][i];
      const AuditRecord& rec = stored.record;
      bool parsed = false;
      if (rec.seq != v.head.seq + 1 || rec.prev_hash != v.head.hash || !p.hash_ok) {
        const StoredLink link = check_link(v.head, stored);
        if (link.problem) {
          v.bad_seq = rec.seq;
          v.problem = *link.problem;
          return false;
        }
        // The hash holds only over the parsed text's dump: another spelling of the same JSON.
        parsed = link.parsed;
        p.item = false;
        auto leaf = merkle_leaf_hash_of(rec.hash);
        TZ_ASSERT(leaf.has_value());
        p.leaf = *leaf;
      }
      v.head.seq = rec.seq;
      v.head.hash = rec.hash;  // assigned into the string's storage: no allocation a record
      ++v.records;
      replay.merkle.apply_leaf(p.leaf, store);
      if (checkpoints.wants(rec.seq)) {
        checkpoints.note_root(rec.seq, hex_of(replay.merkle.root()));
      }
      std::optional<std::string> problem;
      if (p.item) {
        problem = apply_item_record(stored, p, replay);
      } else {
        if (!parsed) parse_stored_text(stored);
        problem = apply_parsed_record(rec, replay);
      }
      if (problem) {
        v.bad_seq = rec.seq;
        v.problem = *problem;
        return false;
      }
    }
    if (last) return true;
    k = 1 - k;
  }
}

bool compare_items(StoreReader& store, const StoredItems& stored, AuditVerdict& v,
                   Replay& replay) {
  for (const auto& item : stored.items) {
    ++v.items_checked;
    auto it = replay.items.find(item.id);
    if (it == replay.items.end()) {
      v.bad_item_id = item.id;
      v.problem = "item " + std::to_string(item.id) + " is not in the audit log";
      return false;
    }
    if (item.fingerprint != it->second.fingerprint) {
      // The stored text was written from the fields and milestones columns as stored: read as
      // the server reads them, another spelling of the same JSON there is the same item.
      auto current = store.item(item.id);
      if (!current || replay.fingerprint(snapshot_text(*current)) != it->second.fingerprint) {
        // Rare: the record is read again to say what differs.
        auto rec = store.audit(it->second.seq - 1, 1);
        v.bad_item_id = item.id;
        v.problem = "item " + std::to_string(item.id) + ": " +
                    describe_difference(current ? snapshot(*current) : nlohmann::json::object(),
                                        rec.empty() ? nlohmann::json::object()
                                                    : rec[0].after["item"]);
        return false;
      }
    }
    if (!item.closed_ok) {
      v.bad_item_id = item.id;
      v.problem = stored.first_closed_problem;
      return false;
    }
    replay.items.erase(it);
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

// The stored items (engine/verify/stored_items.h), read on a thread of their
// own in a read transaction of their own while the caller walks the chain. take() gives them
// when that transaction saw the caller's state (the same audit head: every change to an item
// appends a record), else reads them again in the caller's transaction.
class StoredItemsReader {
 public:
  StoredItemsReader(Database& db, const ItemFingerprinter& fingerprint)
      : fingerprint_(fingerprint), thread_([this, &db] {
          auto rows = db.read([this](StoreReader& s) -> Result<StoredItems> {
            return read_stored_items(s, fingerprint_);
          });
          if (rows) rows_ = std::move(*rows);
        }) {}
  ~StoredItemsReader() {
    if (thread_.joinable()) thread_.join();
  }
  StoredItems take(StoreReader& store, const AuditHead& head) {
    thread_.join();
    if (rows_ && rows_->head.seq == head.seq && rows_->head.hash == head.hash) {
      return std::move(*rows_);
    }
    return read_stored_items(store, fingerprint_);
  }

 private:
  const ItemFingerprinter& fingerprint_;
  std::optional<StoredItems> rows_;
  std::thread thread_;
};

}  // namespace

Result<AuditVerdict> verify_audit(Database& db, const EvidenceFiles* files,
                                  const CheckpointOptions& checkpoint_options) {
  return db.read([&](StoreReader& store) -> Result<AuditVerdict> {
    AuditVerdict v;
    Replay replay(store);
    const AuditHead head = store.audit_head();
    StoredItemsReader stored_items(db, replay.fingerprint);
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
    if (v.intact) v.intact = compare_items(store, stored_items.take(store, head), v, replay);
    if (v.intact) {
      if (auto problem = replay.history.finish(v.history_lines_checked)) {
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
