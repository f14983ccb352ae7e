// Attaching evidence to an item and withdrawing it, as write jobs, each with its audit record.
// Whoever can see an item may attach evidence to it (managers their 档案, finance the vouchers,
// supervisors what they find on site); the uploader or an admin may withdraw it.
//
// The file is stored before the job runs (the row must never name a missing file), so the
// checks that need no file are also offered on their own (check_attachable), to refuse a bad
// upload before any byte reaches the disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/access/principal.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/evidence/attachment.h"
#include "engine/evidence/evidence_store.h"
#include "engine/items/item.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

struct NewAttachment {
  std::string kind;
  std::string name;  // as sent; cleaned here
  std::string sha256;
  int64_t size_bytes = 0;
  std::string media_type;  // read from the content
  std::optional<int64_t> width, height;
  std::optional<std::string> taken_at;
  std::optional<int64_t> latitude_e6, longitude_e6;
  std::optional<int64_t> notice_id, entry_id, history_id;
};

struct Attached {
  Attachment attachment;
  // false: the same bytes were already attached to the item as the same kind and not withdrawn;
  // nothing new was written (a retried upload from a phone on a poor connection).
  bool created = true;
};

// The item `who` may attach `kind` to. No role is required.
// Errors: not_found (no such item, or of a unit outside `who`'s scope: answered like an absent
// one, marked out_of_scope for the caller to record), invalid_field (`kind`: the item's workflow
// version declares no such kind), conflict (the item holds kMaxAttachmentsPerItem attachments
// already, withdrawn ones counted).
Result<WorkItem> check_attachable(EvidenceReader& store, const WorkflowCatalog& workflows,
                                  const Principal& who, int64_t item_id, std::string_view kind);

// Records an upload whose file is already stored: check_attachable again (inside the write
// transaction), the name cleaned, the media type allowed, the notice, disbursement or history
// line it refers to belonging to the item. An item outside `who`'s scope is refused and the
// attempt recorded (access.denied, committed although the job fails). Returns the existing
// attachment (created = false) when the same bytes are attached to the item as the same kind
// already (checked after every other check, the attachment limit included).
// Errors: not_found (no such item, or outside `who`'s scope: "access.denied" recorded and
// committed), invalid_field (`kind` as check_attachable; `name` not UTF-8, holding a control
// character, empty, "." or "..", or too long; `file` without its SHA-256 or size; `notice_id`,
// `entry_id`, `history_id` not a notice, disbursement or history line of this item),
// unsupported_media_type (a media type not kept), conflict (kMaxAttachmentsPerItem reached).
Result<Attached> attach_evidence(EvidenceWriter& store, const WorkflowCatalog& workflows,
                                 const Principal& who, int64_t item_id, const NewAttachment& a,
                                 TimePoint now);

// Withdraws an attachment with a reason.
// Errors: not_found (no such attachment, or its item outside `who`'s scope: "access.denied"
// recorded and committed), forbidden (`who` neither uploaded it nor is an admin), invalid_field
// (`reason` blank or over kMaxWithdrawalReasonBytes), conflict (withdrawn already).
Result<Attachment> withdraw_evidence(EvidenceWriter& store, const Principal& who,
                                     int64_t attachment_id, const std::string& reason,
                                     TimePoint now);

// The attachment `who` may see, withdrawn or not.
// Errors: not_found (no such attachment, or its item outside `who`'s scope: then marked
// out_of_scope, for the caller to record with a writer).
Result<Attachment> visible_attachment(EvidenceReader& store, const Principal& who,
                                      int64_t attachment_id);

}  // namespace taizhang
