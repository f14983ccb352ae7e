// Item history's part of `audit verify`. Every item creation and transition writes one history
// line in the transaction of its audit record, naming that record's seq; the line says nothing
// the record does not. So the stored lines, in id order, must be exactly one per such record,
// in seq order, each equal to the line its record implies: an edited comment, a deleted or
// inserted line is named. The lines are read alongside the records, in the same order, and
// compared as they come, so that neither side is kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/items/item.h"
#include "engine/storage/store.h"
#include "engine/verify/item_record.h"

namespace taizhang {

// A history line as verify compares it: the JSON text of every member but its id (item_id, at,
// actor_id, action, from_stage, to_stage, comment, fields, audit_seq, due_on, deadline), one a
// line — JSON text holds no raw newline. Empty fields count as none (null).
std::string history_line_text(const HistoryEntry& line);
// Into `text`, the same of a line given by its stored columns: history_line_text of the line as
// read whenever its fields column holds the text the store writes (json_text's).
void history_line_text(const HistoryLineView& line, std::string& text);

class HistoryReplay {
 public:
  // Reads the stored lines from `store`, which must outlive the replay.
  explicit HistoryReplay(StoreReader& store) : store_(store) {}

  // Into `line`, the text of the line an item record implies, from its members (`record`'s
  // before and after may be left null); false, `line` then unspecified, for a record that
  // writes no line (a milestone). Thread-safe.
  static bool implied_line(const AuditRecord& record, const ItemRecordMembers& members,
                           std::string& line);
  // Feeds one record, parsed, whose link and item state already verified.
  void apply(const AuditRecord& record);
  // The next stored line must be record `seq`'s, whose implied text is `line`; records in seq
  // order. The first disagreement is kept for finish().
  void expect(int64_t seq, std::string_view line);
  // After the last record: the first disagreement, in words; `lines_checked` counts the stored
  // lines read.
  std::optional<std::string> finish(int64_t& lines_checked);

 private:
  // A stored line as it is compared: its text written from its columns.
  struct StoredLine {
    int64_t id = 0;
    int64_t item_id = 0;
    int64_t audit_seq = 0;
    std::string text;
  };
  // The next stored line, nullptr past the last.
  const StoredLine* next_stored();
  // Whether stored line `id`, read as the server reads it, has the text `line`: a line whose
  // fields column holds another spelling of the same JSON.
  bool same_when_read(int64_t id, std::string_view line);

  StoreReader& store_;
  std::vector<StoredLine> page_;  // its elements' storage reused from page to page
  size_t size_ = 0;               // lines in page_'s current page
  size_t next_ = 0;
  bool read_all_ = false;
  int64_t lines_checked_ = 0;
  std::optional<std::string> problem_;
};

}  // namespace taizhang
