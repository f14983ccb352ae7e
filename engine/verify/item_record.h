// What `audit verify` reads of an item record (item.create, item.transition, item.milestone):
// the item as logged and the members its history line takes. Most of a log's records are item
// records, so they are read straight from the stored text with simdjson's on-demand parser,
// which finds these members without building a JSON tree of the rest.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/audit/chain.h"

namespace taizhang {

// Members of an item record as JSON text, each exactly as the record's dump writes it, "null"
// for one the record lacks.
struct ItemRecordMembers {
  // Of `after.item`.
  std::string_view id = "null", created_at = "null", updated_at = "null", stage = "null",
                   due_on = "null", deadline = "null";
  // Of `after.transition`.
  std::string_view action = "null", comment = "null", from = "null", to = "null",
                   fields = "null";
};

struct ItemRecordFacts {
  int64_t item_id = 0;
  std::string_view item_text;  // `after.item` as logged: the dump of the item's snapshot
  ItemRecordMembers members;
};

// One per verify: it keeps a parser and a buffer from record to record. Not thread-safe.
class ItemRecordReader {
 public:
  ItemRecordReader();
  ~ItemRecordReader();
  ItemRecordReader(const ItemRecordReader&) = delete;
  ItemRecordReader& operator=(const ItemRecordReader&) = delete;

  // The facts of `stored`, whose text check_link hashed as it is (so it is the chain's own dump:
  // no whitespace, keys sorted, no key twice). The views point into the reader's copy of the
  // text and last until the next read. nullopt for anything else than an item record whose
  // `after` holds an item with an integer id and nothing but `item` and `transition` — such a
  // record is read from its parsed JSON instead.
  std::optional<ItemRecordFacts> read(const StoredAuditRecord& stored);

  // The item before the change `stored` logs, as JSON text: `facts.item_text` (from the last
  // read(), of the same record) with the record's `before.item_patch` applied — the dump of
  // nlohmann::json's patch of the item, without building either. Only for a patch whose every
  // operation adds, replaces or removes a member of the item itself, as transitions write them;
  // nullopt for any other `before`, which the caller then applies with nlohmann::json (and so
  // reports as it always has).
  std::optional<std::string> item_before(const StoredAuditRecord& stored,
                                         const ItemRecordFacts& facts);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
  std::string buffer_;         // `after`, padded
  std::string before_buffer_;  // `before`, padded
};

}  // namespace taizhang
