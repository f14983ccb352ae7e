#include "api/views/attachment_view.h"

namespace taizhang::api {

namespace {

nlohmann::json opt(const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json attachment_json(const Attachment& a, const WorkflowDefinition* def) {
  const EvidenceKind* kind = def ? def->evidence_kind(a.kind) : nullptr;
  const Stage* stage = def ? def->stage(a.stage) : nullptr;
  const std::string base = "/api/v1/attachments/" + std::to_string(a.id);
  nlohmann::json j = {{"id", a.id},
                      {"item_id", a.item_id},
                      {"kind", a.kind},
                      {"kind_name", kind ? kind->name : a.kind},
                      {"stage", a.stage},
                      {"stage_name", stage ? stage->name : a.stage},
                      {"sha256", a.sha256},
                      {"size_bytes", a.size_bytes},
                      {"media_type", a.media_type},
                      {"name", a.name},
                      {"photo", a.photo()},
                      {"width", opt(a.width)},
                      {"height", opt(a.height)},
                      {"taken_at", opt(a.taken_at)},
                      {"position", nullptr},
                      {"notice_id", opt(a.notice_id)},
                      {"entry_id", opt(a.entry_id)},
                      {"history_id", opt(a.history_id)},
                      {"uploaded_at", a.uploaded_at},
                      {"uploaded_by", a.uploaded_by},
                      {"withdrawn", a.withdrawn()},
                      {"withdrawn_at", opt(a.withdrawn_at)},
                      {"withdrawn_by", opt(a.withdrawn_by)},
                      {"withdrawal_reason", opt(a.withdrawal_reason)},
                      {"content_url", base + "/content"},
                      {"thumbnail_url", a.photo() ? nlohmann::json(base + "/thumbnail") : nullptr}};
  if (a.latitude_e6 && a.longitude_e6) {
    j["position"] = {{"latitude", static_cast<double>(*a.latitude_e6) / 1e6},
                     {"longitude", static_cast<double>(*a.longitude_e6) / 1e6}};
  }
  return j;
}

std::string content_disposition(const std::string& name, bool inline_) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback, encoded;
  for (unsigned char c : name) {
    // One '_' per character the fallback cannot carry (a UTF-8 lead byte, never its tail).
    const bool plain = c < 0x80 && c >= 0x20 && c != 0x7F;
    if (plain && c != '"' && c != '\\' && c != ';' && c != '%') {
      fallback += static_cast<char>(c);
    } else if (c < 0x80 || c >= 0xC0) {
      fallback += '_';
    }
    // attr-char of RFC 5987: ALPHA / DIGIT / "!#$&+-.^_`|~"
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  return std::string(inline_ ? "inline" : "attachment") + "; filename=\"" + fallback +
         "\"; filename*=UTF-8''" + encoded;
}

}  // namespace taizhang::api
