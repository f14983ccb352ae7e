#include "engine/verify/startup_check.h"

#include "engine/audit/audit_tree.h"
#include "engine/base/digest.h"
#include "engine/verify/access_replay.h"

namespace taizhang {

namespace {

constexpr int kPage = 1000;

Error refused(const std::string& why) {
  return Error{ErrorCode::internal,
               "the database disagrees with its audit log: " + why +
                   "; run `taizhang audit verify` for the whole account",
               {}, {}};
}

// The stored tree's leaf for record `seq` must be the leaf its chain hash gives.
std::optional<std::string> leaf_mismatch(StoreReader& store, const AuditHead& record) {
  auto leaf = merkle_leaf_hash_of(record.hash);
  auto stored = store.merkle_subtree({0, record.seq - 1});
  if (!leaf || !stored || *leaf != *stored) {
    return "record seq " + std::to_string(record.seq) + " is not the Merkle tree's leaf " +
           std::to_string(record.seq);
  }
  return std::nullopt;
}

std::optional<std::string> check_tail(StoreReader& store, const std::string& public_key_hex,
                                      StartupCheckReport& report) {
  auto checkpoint = store.last_checkpoint();
  if (!checkpoint) return std::nullopt;
  report.checkpoint_seq = checkpoint->seq;
  const std::string name = "the signed checkpoint at seq " + std::to_string(checkpoint->seq);
  if (!public_key_hex.empty()) {
    if (!verify_checkpoint(*checkpoint, public_key_hex)) {
      return name + " does not carry a valid signature under this server's key";
    }
    report.signature_checked = true;
  }
  const AuditHead head = store.audit_head();
  if (head.seq < checkpoint->seq) {
    return "the log ends at seq " + std::to_string(head.seq) + ", below " + name +
           ": records were deleted";
  }
  StoredMerkleTree tree(store);
  auto root = merkle_root(tree, checkpoint->seq);
  if (!root || hex_of(*root) != checkpoint->root) {
    return "the stored Merkle tree no longer gives the root of " + name +
           ": the log was rewritten at or below it";
  }
  // The record at the checkpoint is pinned by the signed root; each later one by its link.
  auto first = store.audit(checkpoint->seq - 1, 1);
  if (first.empty() || first.front().seq != checkpoint->seq) {
    return "the record at " + name + " is missing";
  }
  AuditHead last{first.front().seq, first.front().hash};
  if (auto p = leaf_mismatch(store, last)) return *p + ": the log was rewritten at or below it";
  for (;;) {
    auto page = store.audit(last.seq, kPage);
    for (const auto& rec : page) {
      if (auto p = check_link(last, rec)) return "seq " + std::to_string(rec.seq) + ": " + *p;
      last = {rec.seq, rec.hash};
      if (auto p = leaf_mismatch(store, last)) return *p;
      ++report.tail_records;
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }
  if (last.seq != head.seq) return "the log's head is not where its records end";
  return std::nullopt;
}

std::optional<std::string> check_access(StoreReader& store, StartupCheckReport& report) {
  AccessReplay replay;
  for (int64_t after = 0;;) {
    auto page = store.audit_of_access(after, kPage);
    for (const auto& rec : page) {
      ++report.access_records;
      if (auto p = replay.apply(rec)) return p;
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().seq;
  }
  AccessCheckCounts counts;
  auto problem = replay.compare(store, counts);
  report.access_rows =
      counts.users + counts.api_tokens + counts.sessions + counts.orgs + counts.webhooks;
  return problem;
}

std::optional<std::string> check_closed(StoreReader& store, const WorkflowCatalog& workflows,
                                        StartupCheckReport& report) {
  for (const auto& group : store.items_by_stage_and_closed()) {
    report.items += group.count;
    WorkflowPtr def = workflows.version(group.workflow, group.workflow_version);
    const Stage* stage = def ? def->stage(group.stage) : nullptr;
    const std::string item = "item " + std::to_string(group.first_id);
    if (!stage) {
      return item + " is in stage " + group.stage + ", which workflow " + group.workflow + "@" +
             std::to_string(group.workflow_version) + " does not have";
    }
    if (stage->final != group.closed) {
      return item + " is marked " + (group.closed ? "closed" : "open") + " though its stage " +
             group.stage + " is " + (stage->final ? "final" : "not final");
    }
  }
  return std::nullopt;
}

}  // namespace

Result<StartupCheckReport> check_at_startup(StoreReader& store, const WorkflowCatalog& workflows,
                                            const std::string& public_key_hex) {
  StartupCheckReport report;
  if (auto p = check_tail(store, public_key_hex, report)) return std::unexpected(refused(*p));
  if (auto p = check_access(store, report)) return std::unexpected(refused(*p));
  if (auto p = check_closed(store, workflows, report)) return std::unexpected(refused(*p));
  return report;
}

}  // namespace taizhang
