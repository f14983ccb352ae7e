// What importing spreadsheets needs from a database beyond creating items and funds: the keys of
// rows imported before, and items found by unit and exact title.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/ledger/ledger_store.h"

namespace taizhang {

enum class ImportKind { funds, items };

class ImportReader : public virtual LedgerReader {
 public:
  // The item or fund an earlier import made of the row with this key; nullopt when none did.
  virtual std::optional<int64_t> imported_entity(ImportKind kind, std::string_view key) = 0;
  // The first item (by id) of the unit whose title is exactly `title`; nullopt when none.
  virtual std::optional<int64_t> item_titled(int64_t org_id, std::string_view title) = 0;
};

// Needs a write job.
class ImportWriter : public virtual ImportReader, public virtual LedgerWriter {
 public:
  // Remembers that the row with this key became `entity_id` (an item or a fund, as `kind` says).
  // A key already linked for the kind violates the primary key and throws StorageFailure.
  virtual void link_import_key(ImportKind kind, std::string_view key, int64_t entity_id) = 0;
};

}  // namespace taizhang
