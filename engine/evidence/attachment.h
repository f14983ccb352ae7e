// Evidence (证明材料): a photo or document attached to a work item — the 危房鉴定表, the 改造协议,
// photos before, during and after the work, the 竣工验收表, a voucher, the photo of a posted
// notice. Each upload is one Attachment naming its file by SHA-256; the file itself is kept by
// the evidence file store (engine/storage/evidence_files.h). Nothing is deleted: a wrong upload
// is withdrawn with a reason and stays, with its file, in the audit chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"

namespace taizhang {

// Limits on evidence. The file limit is the server's default (`serve --attachment-limit-bytes`).
inline constexpr int64_t kDefaultAttachmentLimitBytes = 20 << 20;  // 20 MiB per file
inline constexpr int64_t kMaxAttachmentLimitBytes = 256 << 20;     // what the setting may say
inline constexpr int kMaxAttachmentsPerItem = 200;  // withdrawn ones count: nothing is deleted
inline constexpr size_t kMaxAttachmentNameBytes = 255;
inline constexpr size_t kMaxWithdrawalReasonBytes = 1000;
static_assert(kDefaultAttachmentLimitBytes <= kMaxAttachmentLimitBytes);

struct Attachment {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string kind;   // an evidence kind the item's workflow declares
  std::string stage;  // the item's stage when it was uploaded
  std::string sha256;
  int64_t size_bytes = 0;
  std::string media_type;  // read from the content
  std::string name;        // cleaned (clean_attachment_name)
  std::optional<int64_t> width, height;  // photos
  std::optional<std::string> taken_at;   // EXIF DateTimeOriginal, "2019-07-20T10:11:12"
  // EXIF GPS position in microdegrees (integers: every number in the audit log is one). Staff
  // see it; no public page ever shows it.
  std::optional<int64_t> latitude_e6, longitude_e6;
  std::optional<int64_t> notice_id;   // the photo of this posted notice
  std::optional<int64_t> entry_id;    // the voucher of this disbursement
  std::optional<int64_t> history_id;  // the transition (history line) it documents
  std::string uploaded_at;
  int64_t uploaded_by = 0;
  std::optional<std::string> withdrawn_at;
  std::optional<int64_t> withdrawn_by;
  std::optional<std::string> withdrawal_reason;
  int64_t audit_seq = 0;

  bool withdrawn() const { return withdrawn_at.has_value(); }
  bool photo() const { return media_type.starts_with("image/"); }
};

// The audit log's record of an attachment (every stored column but audit_seq): its SHA-256,
// size, type and name among them, so that the chain proves which bytes were uploaded.
nlohmann::json snapshot(const Attachment& attachment);

// The media types taizhang keeps, as libmagic names them: JPEG, PNG, WebP, HEIC/HEIF photos and
// PDF documents. Anything else is refused as unsupported_media_type.
bool allowed_media_type(std::string_view media_type);
// The list in words, for error messages.
std::string_view allowed_media_types_text();
// A file name extension for the type (".jpg", ".pdf"); "" for a type not allowed.
std::string_view extension_for(std::string_view media_type);

// The name to store for a file name as a browser sent it: the part after the last '/' or '\'
// (a path is never kept), surrounding blanks trimmed. invalid_field (field "name") when the
// name holds a control character or is not UTF-8, is empty, "." or "..", or is longer than
// kMaxAttachmentNameBytes.
Result<std::string> clean_attachment_name(std::string_view sent);

}  // namespace taizhang
