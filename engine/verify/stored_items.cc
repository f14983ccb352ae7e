#include "engine/verify/stored_items.h"

#include "engine/verify/workflow_replay.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

}  // namespace

StoredItems read_stored_items(StoreReader& store) {
  StoredItems stored;
  stored.head = store.audit_head();
  const FinalStages finals(store);
  ItemQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = store.items(q);
    for (const auto& item : page) {
      StoredItemDigest& d = stored.items.emplace_back();
      d.id = item.id;
      d.digest = sha256_digest(snapshot_text(item));
      if (auto problem = finals.check_closed(item)) {
        d.closed_ok = false;
        if (stored.first_closed_problem.empty()) stored.first_closed_problem = *problem;
      }
    }
    if (static_cast<int>(page.size()) < kPage) break;
    q.after_id = page.back().id;
  }
  return stored;
}

}  // namespace taizhang
