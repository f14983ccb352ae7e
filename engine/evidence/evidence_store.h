// What evidence needs from a database: the attachment rows. A row changes once, when it is
// withdrawn; none is ever deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/evidence/attachment.h"
#include "engine/notice/notice_store.h"

namespace taizhang {

class EvidenceReader : public virtual NoticeReader {
 public:
  // nullopt when there is no attachment `id`.
  virtual std::optional<Attachment> attachment(int64_t id) = 0;
  // Every attachment of the item, withdrawn ones too, in id order (at most
  // kMaxAttachmentsPerItem exist); empty when none (or no such item).
  virtual std::vector<Attachment> item_attachments(int64_t item_id) = 0;
  // At most `limit` attachments of every item with id > after_id, in id order (verify, backup);
  // empty past the last.
  virtual std::vector<Attachment> attachments(int64_t after_id, int limit) = 0;
  // The attachments that show the notice, withdrawn ones too, in id order; empty when none.
  virtual std::vector<Attachment> notice_attachments(int64_t notice_id) = 0;
  // The kinds the item holds at least one attachment of that is not withdrawn; empty when none.
  virtual std::set<std::string> evidence_kinds(int64_t item_id) = 0;
  // Whether any attachment, withdrawn or not, names the file.
  virtual bool file_referenced(std::string_view sha256) = 0;
};

// Needs a write job. Rows carry their id (from next_id) and audit_seq.
class EvidenceWriter : public virtual EvidenceReader, public virtual AuditWriter {
 public:
  // Stores the row as given, every column. An id already stored violates the primary key and
  // throws StorageFailure.
  virtual void insert_attachment(const Attachment& attachment) = 0;
  // Records the withdrawal (withdrawn_at, withdrawn_by, withdrawal_reason) of a live attachment.
  // It must exist and be live (asserted: the command checks both in the same job).
  virtual void withdraw_attachment(const Attachment& attachment) = 0;
};

}  // namespace taizhang
