// What work items need from a database: the items, their history lines and the plan tasks they
// were imported from.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/items/item.h"

namespace taizhang {

struct ItemQuery {
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<std::string> workflow;
  std::optional<std::string> stage;
  std::optional<std::string> overdue_on;  // a date: open items due before it
  int64_t after_id = 0;                   // keyset pagination: ids greater than this
  int limit = 50;
};

class ItemReader : public virtual AuditReader {
 public:
  // nullopt when there is no item `id`.
  virtual std::optional<WorkItem> item(int64_t id) = 0;
  // At most query.limit items matching the query, in id order after query.after_id.
  virtual std::vector<WorkItem> items(const ItemQuery& query) = 0;
  // At most `limit` history lines of the item with id > after_id, oldest first.
  virtual std::vector<HistoryEntry> history(int64_t item_id, int64_t after_id, int limit) = 0;
  virtual int64_t count_items() = 0;
  // The item an imported plan task became; nullopt when it was never imported.
  virtual std::optional<int64_t> item_for_plan_source(std::string_view source_key) = 0;
};

// Needs a write job.
class ItemWriter : public virtual ItemReader, public virtual AuditWriter {
 public:
  virtual int64_t insert_item(const WorkItem& item) = 0;  // returns the new id
  virtual void update_item(const WorkItem& item) = 0;     // the row of item.id, whole
  virtual int64_t insert_history(const HistoryEntry& entry) = 0;  // returns the new id
  virtual void link_plan_source(std::string_view source_key, int64_t item_id) = 0;
};

}  // namespace taizhang
