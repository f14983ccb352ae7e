// Item history's part of `audit verify`. Every item creation and transition writes one history
// line in the transaction of its audit record, naming that record's seq; the line says nothing
// the record does not. So the stored lines, in id order, must be exactly one per such record,
// in seq order, each equal to the line its record implies: an edited comment, a deleted or
// inserted line is named.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/base/digest.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"
#include "engine/verify/item_record.h"

namespace taizhang {

// A history line as verify compares it: the JSON text of every member but its id (item_id, at,
// actor_id, action, from_stage, to_stage, comment, fields, audit_seq, due_on, deadline), one a
// line — JSON text holds no raw newline. Empty fields count as none (null).
std::string history_line_text(const HistoryEntry& line);

class HistoryReplay {
 public:
  // Feeds one record whose link and item state already verified.
  void apply(const AuditRecord& record);
  // The same for an item record read from its text (`record`'s before and after left null).
  void apply(const AuditRecord& record, const ItemRecordMembers& members);
  // Compares the stored lines with the replay; returns the first disagreement, in words.
  std::optional<std::string> compare(StoreReader& store, int64_t& lines_checked);

 private:
  struct Expected {
    int64_t seq = 0;
    Sha256Digest line;  // 32 bytes rather than the text: one per creation and transition
  };
  std::vector<Expected> lines_;
};

}  // namespace taizhang
