// What work items need from a database: the items, their history lines and the plan tasks they
// were imported from.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/items/item.h"

namespace taizhang {

// Items without a due date sort after every dated one, under this key.
inline constexpr const char* kNoDueKey = "9999-12-31";

struct ItemQuery {
  std::optional<std::set<int64_t>> org_ids;  // nullopt: every unit
  std::optional<std::string> workflow;
  std::optional<std::string> stage;
  std::optional<std::string> overdue_on;  // a date: open items due before it
  std::optional<std::string> title_contains;  // a substring of the title, matched exactly
  std::optional<std::string> due_from;        // due on or after this date
  std::optional<std::string> due_to;          // due on or before this date
  std::optional<int64_t> responsible_id;
  bool by_due = false;  // order by (due key, id) instead of id
  // Keyset pagination: items after this one in the order (due key only when by_due).
  int64_t after_id = 0;
  std::string after_due_key;
  int limit = 50;
};

// Items counted by unit, workflow, stage and closed, with how many of the open ones are overdue
// (due before `today`) and due soon (due from `today` to `due_soon_until`, both included).
struct ItemCount {
  int64_t org_id = 0;
  std::string workflow;
  std::string stage;
  bool closed = false;
  int64_t items = 0;
  int64_t overdue = 0;
  int64_t due_soon = 0;
};

struct StageClosedGroup {
  std::string workflow;
  int64_t workflow_version = 0;
  std::string stage;
  bool closed = false;
  int64_t first_id = 0;
  int64_t count = 0;
};

// A stored item as `audit verify` reads it: its snapshot text written from its columns, and what
// its closed flag is checked against.
struct StoredItemText {
  int64_t id = 0;
  std::string workflow;
  int64_t workflow_version = 0;
  std::string stage;
  bool closed = false;
  // append_snapshot_text of the row, with its fields and milestones columns written as stored:
  // snapshot_text(*item(id)) whenever those hold the text the store writes (json_text's).
  std::string text;
};

// A history line's columns as stored, valid only during the call it is passed to: what `audit
// verify` writes a line's text from without building a HistoryEntry.
struct HistoryLineView {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string_view at;
  std::optional<int64_t> actor_id;
  std::string_view action;
  std::optional<std::string_view> from_stage;
  std::string_view to_stage;
  std::optional<std::string_view> comment;
  std::optional<std::string_view> fields_json;  // the column's text as stored; nullopt for NULL
  int64_t audit_seq = 0;
  std::optional<std::string_view> due_on;
  std::optional<std::string_view> deadline;
};

class ItemReader : public virtual AuditReader {
 public:
  // nullopt when there is no item `id`.
  virtual std::optional<WorkItem> item(int64_t id) = 0;
  // At most query.limit items matching the query, after the query's cursor, in id order or,
  // by_due, in order of (due_on with kNoDueKey for none, id); empty when there are no more.
  virtual std::vector<WorkItem> items(const ItemQuery& query) = 0;
  // At most `limit` items with id > after_id, in id order, as StoredItemText, into `page`
  // (resized to the rows read; the storage of its elements is reused, as verify reads every
  // item); empty when there are no more.
  virtual void item_texts(int64_t after_id, int limit, std::vector<StoredItemText>& page) = 0;
  // At most `limit` history lines of the item with id > after_id, oldest first (id order);
  // empty when there are no more (or no such item).
  virtual std::vector<HistoryEntry> history(int64_t item_id, int64_t after_id, int limit) = 0;
  // At most `limit` history lines of every item with id > after_id, in id order (the order
  // they were written in, which is their audit records' order); empty past the last.
  virtual std::vector<HistoryEntry> history_lines(int64_t after_id, int limit) = 0;
  // The same lines as history_lines, each passed to `each` as its stored columns; returns how
  // many were passed (fewer than `limit`: there are no more).
  virtual int each_history_line(int64_t after_id, int limit,
                                const std::function<void(const HistoryLineView&)>& each) = 0;
  // How many items sit in each (workflow, version, stage, closed), with the smallest id of each
  // group; read from an index alone, so cheap with a million items. In no promised order;
  // empty when there are no items.
  virtual std::vector<StageClosedGroup> items_by_stage_and_closed() = 0;
  // Every item, closed ones too; 0 when none.
  virtual int64_t count_items() = 0;
  // One row per (unit, workflow, stage, closed) that holds items, in (org_id, workflow, stage)
  // order; one pass over the table. Empty when there are no items.
  virtual std::vector<ItemCount> item_counts(std::string_view today,
                                             std::string_view due_soon_until) = 0;
  // The item an imported plan task became; nullopt when it was never imported.
  virtual std::optional<int64_t> item_for_plan_source(std::string_view source_key) = 0;
};

// Needs a write job.
class ItemWriter : public virtual ItemReader, public virtual AuditWriter {
 public:
  // item.id is ignored.
  virtual int64_t insert_item(const WorkItem& item) = 0;  // returns the new id
  // The item must exist (asserted: callers update only items they have read). A new stage
  // visit (stage or stage_entered_at changed) clears the item's alert_level, so the scanner
  // looks at it again.
  virtual void update_item(const WorkItem& item) = 0;     // the row of item.id, whole
  // entry.id is ignored.
  virtual int64_t insert_history(const HistoryEntry& entry) = 0;  // returns the new id
  // Remembers that the plan task with `source_key` became `item_id`. A key already linked, or an
  // item already linked to another key, violates a unique index and throws StorageFailure.
  virtual void link_plan_source(std::string_view source_key, int64_t item_id) = 0;
};

}  // namespace taizhang
