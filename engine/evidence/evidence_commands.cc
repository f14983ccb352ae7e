#include "engine/evidence/evidence_commands.h"

#include "engine/access/permission.h"
#include "engine/access/scope_refusal.h"
#include "engine/audit/log.h"

namespace taizhang {

namespace {

Result<void> check_reference(EvidenceReader& store, int64_t item_id, const NewAttachment& a) {
  if (a.notice_id) {
    auto notice = store.notice(*a.notice_id);
    if (!notice || notice->item_id != item_id) {
      return fail(ErrorCode::invalid_field,
                  "notice " + std::to_string(*a.notice_id) + " is not a notice of this item",
                  "notice_id");
    }
  }
  if (a.entry_id) {
    auto entry = store.ledger_entry(*a.entry_id);
    if (!entry || entry->item_id != item_id || entry->kind != EntryKind::disbursement) {
      return fail(ErrorCode::invalid_field,
                  "entry " + std::to_string(*a.entry_id) + " is not a disbursement of this item",
                  "entry_id");
    }
  }
  if (a.history_id) {
    auto line = store.history(item_id, *a.history_id - 1, 1);
    if (line.empty() || line.front().id != *a.history_id) {
      return fail(ErrorCode::invalid_field,
                  "history line " + std::to_string(*a.history_id) + " is not of this item",
                  "history_id");
    }
  }
  return {};
}

}  // namespace

Result<WorkItem> check_attachable(EvidenceReader& store, const WorkflowCatalog& workflows,
                                  const Principal& who, int64_t item_id, std::string_view kind) {
  auto item = store.item(item_id);
  if (!item) return fail(ErrorCode::not_found, no_such("item", item_id));
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(out_of_scope("item", item_id, item->org_id));
  }
  WorkflowPtr def = workflows.version(item->workflow, item->workflow_version);
  if (!def || !def->evidence_kind(kind)) {
    std::string known;
    if (def) {
      for (const auto& k : def->evidence) known += (known.empty() ? "" : ", ") + k.key;
    }
    return fail(ErrorCode::invalid_field,
                "unknown evidence kind '" + std::string(kind) + "' for " + item->workflow +
                    " (known: " + (known.empty() ? "none" : known) + ")",
                "kind");
  }
  if (store.item_attachments(item_id).size() >= static_cast<size_t>(kMaxAttachmentsPerItem)) {
    return fail(ErrorCode::conflict, "item " + std::to_string(item_id) + " holds " +
                                         std::to_string(kMaxAttachmentsPerItem) +
                                         " attachments already (每项最多 200 个文件)");
  }
  return *item;
}

Result<Attached> attach_evidence(EvidenceWriter& store, const WorkflowCatalog& workflows,
                                 const Principal& who, int64_t item_id, const NewAttachment& a,
                                 TimePoint now) {
  if (auto seen = store.item(item_id); seen && !who.can_see_org(seen->org_id)) {
    return std::unexpected(
        refuse_out_of_scope(store, who, "evidence.attach", "item", item_id, seen->org_id, now));
  }
  auto item = check_attachable(store, workflows, who, item_id, a.kind);
  if (!item) return std::unexpected(item.error());
  auto name = clean_attachment_name(a.name);
  if (!name) return std::unexpected(name.error());
  if (!allowed_media_type(a.media_type)) {
    return fail(ErrorCode::unsupported_media_type,
                a.media_type + " is not kept; send " + std::string(allowed_media_types_text()));
  }
  if (a.sha256.size() != 64 || a.size_bytes <= 0) {
    return fail(ErrorCode::invalid_field, "an attachment needs its file", "file");
  }
  if (auto ok = check_reference(store, item_id, a); !ok) return std::unexpected(ok.error());
  for (const auto& existing : store.item_attachments(item_id)) {
    if (!existing.withdrawn() && existing.kind == a.kind && existing.sha256 == a.sha256) {
      return Attached{existing, false};
    }
  }
  Attachment row;
  row.id = store.next_id(NumberedTable::attachments);
  row.item_id = item_id;
  row.kind = a.kind;
  row.stage = item->stage;
  row.sha256 = a.sha256;
  row.size_bytes = a.size_bytes;
  row.media_type = a.media_type;
  row.name = std::move(*name);
  row.width = a.width;
  row.height = a.height;
  row.taken_at = a.taken_at;
  row.latitude_e6 = a.latitude_e6;
  row.longitude_e6 = a.longitude_e6;
  row.notice_id = a.notice_id;
  row.entry_id = a.entry_id;
  row.history_id = a.history_id;
  row.uploaded_at = format_rfc3339(now);
  row.uploaded_by = who.user.id;
  AuditRecord rec = append_audit(store, now,
                                 {who.actor(), "evidence.attach", "attachment",
                                  std::to_string(row.id), nullptr, {{"attachment", snapshot(row)}}},
                                 item->org_id);
  row.audit_seq = rec.seq;
  store.insert_attachment(row);
  return Attached{row, true};
}

Result<Attachment> visible_attachment(EvidenceReader& store, const Principal& who,
                                      int64_t attachment_id) {
  auto found = store.attachment(attachment_id);
  auto item = found ? store.item(found->item_id) : std::nullopt;
  if (!item) return fail(ErrorCode::not_found, no_such("attachment", attachment_id));
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(out_of_scope("attachment", attachment_id, item->org_id));
  }
  return *found;
}

Result<Attachment> withdraw_evidence(EvidenceWriter& store, const Principal& who,
                                     int64_t attachment_id, const std::string& reason,
                                     TimePoint now) {
  auto found = store.attachment(attachment_id);
  auto item = found ? store.item(found->item_id) : std::nullopt;
  if (!item) return fail(ErrorCode::not_found, no_such("attachment", attachment_id));
  if (!who.can_see_org(item->org_id)) {
    return std::unexpected(refuse_out_of_scope(store, who, "evidence.withdraw", "attachment",
                                               attachment_id, item->org_id, now));
  }
  if (found->uploaded_by != who.user.id) {
    if (auto allowed = require(who, Permission::withdraw_others_evidence); !allowed) {
      return std::unexpected(allowed.error());
    }
  }
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail(ErrorCode::invalid_field, "a withdrawal needs its reason (须填写撤回原因)", "reason");
  }
  if (reason.size() > kMaxWithdrawalReasonBytes) {
    return fail(ErrorCode::invalid_field,
                "reason exceeds " + std::to_string(kMaxWithdrawalReasonBytes) + " bytes", "reason");
  }
  if (found->withdrawn()) {
    return fail(ErrorCode::conflict, "attachment " + std::to_string(attachment_id) +
                                         " was withdrawn at " + *found->withdrawn_at);
  }
  Attachment after = *found;
  after.withdrawn_at = format_rfc3339(now);
  after.withdrawn_by = who.user.id;
  after.withdrawal_reason = reason;
  append_audit(store, now,
               {who.actor(), "evidence.withdraw", "attachment", std::to_string(attachment_id),
                {{"attachment", snapshot(*found)}}, {{"attachment", snapshot(after)}}},
               item->org_id);
  store.withdraw_attachment(after);
  return after;
}

}  // namespace taizhang
