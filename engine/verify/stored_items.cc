#include "engine/verify/stored_items.h"

#include "engine/verify/workflow_replay.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

}  // namespace

StoredItems read_stored_items(StoreReader& store, const ItemFingerprinter& fingerprint) {
  StoredItems stored;
  stored.head = store.audit_head();
  const FinalStages finals(store);
  std::vector<StoredItemText> page;
  int64_t after_id = 0;
  for (;;) {
    store.item_texts(after_id, kPage, page);
    for (const auto& item : page) {
      StoredItemFingerprint& d = stored.items.emplace_back();
      d.id = item.id;
      d.fingerprint = fingerprint(item.text);
      if (auto problem = finals.check_closed(item)) {
        d.closed_ok = false;
        if (stored.first_closed_problem.empty()) stored.first_closed_problem = *problem;
      }
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after_id = page.back().id;
  }
  return stored;
}

}  // namespace taizhang
