// `audit verify` for evidence: every attachment row must equal its last logged snapshot, every
// logged attachment must be stored, and every file a row names must be in the evidence folder
// with the SHA-256 and size the chain recorded — a file altered or lost on disk is named.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/audit/chain.h"
#include "engine/storage/evidence_files.h"
#include "engine/storage/store.h"

namespace taizhang {

struct EvidenceCheckCounts {
  int64_t attachments = 0;
  int64_t files = 0;  // distinct files re-hashed
};

class EvidenceReplay {
 public:
  // Takes note of an attachment's record (others are ignored).
  void apply(const AuditRecord& record);
  // Compares the stored attachments with the log and, when `files` is given, re-hashes every
  // file they name. Returns the first problem in words, or nullopt.
  std::optional<std::string> compare(StoreReader& store, const EvidenceFiles* files,
                                     EvidenceCheckCounts& counts);

 private:
  // attachment id → SHA-256 of its last logged snapshot.
  std::map<int64_t, std::string> logged_;
};

}  // namespace taizhang
